package io.naftiko.skipper.operator.bundles;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.bundler.OpaConfiguration;
import io.naftiko.skipper.bundler.SigningKey;
import io.naftiko.skipper.bundler.signing.SigningKeyRotation;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.PublicKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundle signing keys as stored in Secret {@code skipper-bundle-signing}: the key signing now
 * ({@code signing.*}) and, during a rotation, the next one ({@code next.*}). Private keys stay in this Secret;
 * only public halves leave it, into Warden configurations.
 *
 * @param current the key signing now
 * @param next    the key waiting to take over
 */
public record SigningKeys(Optional<Entry> current, Optional<Entry> next) {

    /** Name of the Secret, in Skipper's namespace. */
    public static final String SECRET = "skipper-bundle-signing";

    /**
     * One key.
     *
     * @param keyId     its id, derived from its public key
     * @param createdAt when it was made
     * @param key       the private key
     */
    public record Entry(String keyId, Instant createdAt, PrivateKey key) {

        /** The signing key, RS256 for RSA and ES256 for EC. */
        public SigningKey signing() {
            return new SigningKey(key, SigningKey.defaultAlgorithm(key), keyId, Optional.empty());
        }

        /** The public half, as a Warden configuration lists it. */
        public OpaConfiguration.PublicKeyEntry publicEntry() {
            return new OpaConfiguration.PublicKeyEntry(keyId, SigningKey.defaultAlgorithm(key), Pem.publicKey(PublicKeys.of(key)));
        }

        /** As the rotation decision sees it. */
        public SigningKeyRotation.StoredKey stored() {
            return new SigningKeyRotation.StoredKey(keyId, createdAt);
        }

        /** A new RSA 2048 key (RS256, OPA's default), with an id derived from its public key. */
        public static Entry generate(Instant now) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                PrivateKey key = generator.generateKeyPair().getPrivate();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(PublicKeys.of(key).getEncoded());
                return new Entry("skipper-" + HexFormat.of().formatHex(digest).substring(0, 12), now, key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot generate a signing key", e);
            }
        }
    }

    /** The public keys every Warden must trust now: the current one, and the next during a rotation. */
    public List<OpaConfiguration.PublicKeyEntry> trusted() {
        List<OpaConfiguration.PublicKeyEntry> keys = new ArrayList<>();
        current.map(Entry::publicEntry).ifPresent(keys::add);
        next.map(Entry::publicEntry).ifPresent(keys::add);
        return keys;
    }

    /** Reads the Secret; a missing or unreadable part reads as absent (and is made again). */
    public static SigningKeys from(Secret secret) {
        if (secret == null || secret.getData() == null) {
            return new SigningKeys(Optional.empty(), Optional.empty());
        }
        return new SigningKeys(entry(secret.getData(), "signing"), entry(secret.getData(), "next"));
    }

    /** The Secret holding these keys. */
    public Secret toSecret(String namespace) {
        Map<String, String> data = new LinkedHashMap<>();
        current.ifPresent(entry -> put(data, "signing", entry));
        next.ifPresent(entry -> put(data, "next", entry));
        return new SecretBuilder().withNewMetadata().withName(SECRET).withNamespace(namespace)
                .addToLabels(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER).endMetadata()
                .withType("Opaque").withData(data).build();
    }

    private static void put(Map<String, String> data, String prefix, Entry entry) {
        data.put(prefix + ".key", encode(Pem.privateKey(entry.key())));
        data.put(prefix + ".kid", encode(entry.keyId()));
        data.put(prefix + ".created", encode(entry.createdAt().toString()));
    }

    private static Optional<Entry> entry(Map<String, String> data, String prefix) {
        String key = data.get(prefix + ".key");
        String kid = data.get(prefix + ".kid");
        String created = data.get(prefix + ".created");
        if (key == null || kid == null || created == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(decode(kid), Instant.parse(decode(created)), Pem.readPrivateKey(decode(key))));
        } catch (PemException | DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
