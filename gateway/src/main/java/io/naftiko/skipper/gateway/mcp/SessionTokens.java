package io.naftiko.skipper.gateway.mcp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session ids for 2025 clients that any gateway replica accepts without shared state: the id carries the negotiated
 * revision and an expiry, signed with HMAC-SHA256 under a key all replicas share (a Secret). A forged, altered or
 * expired id is no session, which the client answers by initializing again (HTTP 404, as the revision says).
 */
public final class SessionTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "v1";

    private final SecretKeySpec key;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    /**
     * Tokens under a key.
     *
     * @param key      at least 32 bytes, the same on every replica
     * @param clock    the time expiries are set and checked against
     * @param lifetime how long a session lasts
     */
    public SessionTokens(byte[] key, Clock clock, Duration lifetime) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the session key must have at least 32 bytes, it has " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** Tokens under a fresh random key: sessions then hold on this replica only. */
    public static SessionTokens randomKey(Clock clock, Duration lifetime) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SessionTokens(key, clock, lifetime);
    }

    /**
     * A 32-byte key derived from a secret every replica holds (the serving key), under a label of its own, so the
     * session key is never the secret itself and needs no Secret of its own.
     */
    public static byte[] deriveKey(byte[] shared) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec("skipper-gateway/session-ids/v1".getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(shared);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A new session id for a negotiated revision. */
    public String mint(String protocolVersion) {
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        String payload = PREFIX + "." + protocolVersion + "." + expires + "." + HexFormat.of().formatHex(nonce);
        return payload + "." + sign(payload);
    }

    /** The revision of a valid, unexpired session id. */
    public Optional<String> verify(String sessionId) {
        if (sessionId == null || sessionId.length() > 256) {
            return Optional.empty();
        }
        int lastDot = sessionId.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        String payload = sessionId.substring(0, lastDot);
        byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        byte[] given = sessionId.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given)) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.");
        if (parts.length != 4 || !PREFIX.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            return Long.parseLong(parts[2]) > clock.instant().getEpochSecond() ? Optional.of(parts[1]) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
