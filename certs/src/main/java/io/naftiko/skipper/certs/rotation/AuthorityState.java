package io.naftiko.skipper.certs.rotation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * The CAs as stored, at one point of a rotation. A rotation goes: {@code current} alone; {@code next} added (trusted
 * everywhere, signing nothing); {@code nextTrustedSince} recorded once every trust bundle holds it; after the
 * propagation time {@code next} signs and the old CA becomes {@code previous}; once every leaf is reissued and has
 * propagated, {@code previous} leaves.
 *
 * @param current          the signing CA, if any
 * @param next             the CA joining the trust bundle, if a rotation is under way
 * @param nextTrustedSince since when every trust bundle and caBundle holds {@code next}
 * @param previous         the CA being retired, still trusted while leaves from it remain
 */
public record AuthorityState(Optional<X509Certificate> current, Optional<X509Certificate> next, Optional<Instant> nextTrustedSince,
                             Optional<X509Certificate> previous) {

    /** A state with only a signing CA (or none). */
    public static AuthorityState of(Optional<X509Certificate> current) {
        return new AuthorityState(current, Optional.empty(), Optional.empty(), Optional.empty());
    }
}
