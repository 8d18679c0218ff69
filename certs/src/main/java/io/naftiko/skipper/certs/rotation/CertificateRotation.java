package io.naftiko.skipper.certs.rotation;

import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rotation decisions as pure functions of the stored certificates, the policy and a {@link Clock}.
 * The operator stores what it issues and calls these on every pass, so a rotation interrupted by a
 * restart resumes where it stopped.
 */
public final class CertificateRotation {

    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;
    private static final int SAN_IP = 7;

    private CertificateRotation() {
    }

    /**
     * What to do with a leaf.
     *
     * @param current   the stored leaf, if any
     * @param issuer    the CA that should have issued it (the current signing CA)
     * @param dnsNames  the DNS names it must carry
     * @param uris      the URIs it must carry
     * @param policy    lifetime, renewal point and key requirements
     * @param clock     now
     */
    public static RotationDecision leaf(Optional<X509Certificate> current, X509Certificate issuer, Collection<String> dnsNames,
                                        Collection<String> uris, RotationPolicy policy, Clock clock) {
        if (current.isEmpty()) {
            return new RotationDecision(RotationAction.CREATE, "Missing", "no certificate is stored yet");
        }
        X509Certificate certificate = current.get();
        Optional<RotationDecision> key = keyDecision(certificate, policy);
        if (key.isPresent()) {
            return key.get();
        }
        Instant now = clock.instant();
        if (!now.isBefore(certificate.getNotAfter().toInstant())) {
            return new RotationDecision(RotationAction.RENEW, "Expired", "expired at " + certificate.getNotAfter().toInstant());
        }
        if (!issuedBy(certificate, issuer)) {
            return new RotationDecision(RotationAction.RENEW, "IssuerChanged",
                    "issued by " + certificate.getIssuerX500Principal().getName() + ", not by the current CA");
        }
        Set<String> wantedDns = new TreeSet<>(dnsNames);
        Set<String> wantedUris = new TreeSet<>(uris);
        // Server names that are IPv4 literals are iPAddress SANs (see AlternativeNames); both kinds are the names asked for.
        Set<String> issuedNames = alternativeNames(certificate, SAN_DNS);
        issuedNames.addAll(alternativeNames(certificate, SAN_IP));
        if (!wantedDns.equals(issuedNames) || !wantedUris.equals(alternativeNames(certificate, SAN_URI))) {
            return new RotationDecision(RotationAction.RENEW, "NamesChanged",
                    "its names differ from " + wantedDns + " " + wantedUris);
        }
        Instant renewAt = renewalPoint(certificate, policy);
        if (!now.isBefore(renewAt)) {
            return new RotationDecision(RotationAction.RENEW, "RenewalWindow",
                    "past its renewal point " + renewAt + " (expires " + certificate.getNotAfter().toInstant() + ")");
        }
        return new RotationDecision(RotationAction.NOOP, "Valid", "valid until " + certificate.getNotAfter().toInstant()
                + ", renewed from " + renewAt);
    }

    /**
     * What to do with the CA. Trust comes first: a new CA is trusted by every client before anything it signs
     * exists; the old one stays trusted until nothing it signed is in use.
     *
     * @param stored         the CAs as stored
     * @param trustPublished whether every trust bundle and caBundle already held every stored CA when this pass
     *                       began (so it has been published for at least one pass)
     * @param leaves         every leaf currently in use
     * @param policy         CA lifetime, rotation point, key requirements and propagation time
     * @param clock          now
     */
    public static RotationDecision authority(AuthorityState stored, boolean trustPublished, List<X509Certificate> leaves,
                                             RotationPolicy policy, Clock clock) {
        if (stored.current().isEmpty()) {
            return new RotationDecision(RotationAction.CREATE, "Missing", "no CA is stored yet");
        }
        X509Certificate ca = stored.current().get();
        Instant now = clock.instant();
        if (stored.next().isPresent()) {
            if (stored.nextTrustedSince().isEmpty()) {
                return trustPublished
                        ? new RotationDecision(RotationAction.RECORD_TRUST, "TrustPublished",
                                "every trust bundle and caBundle holds the next CA; its propagation is timed from now")
                        : new RotationDecision(RotationAction.NOOP, "PublishingTrust",
                                "the next CA is joining every trust bundle and caBundle; leaves are still issued by the current CA");
            }
            Instant promoteAt = stored.nextTrustedSince().get().plus(policy.propagation());
            if (now.isBefore(promoteAt)) {
                return new RotationDecision(RotationAction.NOOP, "WaitingForTrustPropagation",
                        "the next CA is trusted everywhere; it signs from " + promoteAt + ", once every client has loaded it");
            }
            return new RotationDecision(RotationAction.PROMOTE_NEXT, "TrustPropagated",
                    "the next CA has been trusted everywhere since " + stored.nextTrustedSince().get()
                            + ": it signs from now, and leaves are reissued from it");
        }
        if (stored.previous().isPresent()) {
            long fromOld = leaves.stream().filter(leaf -> !issuedBy(leaf, ca)).count();
            if (fromOld == 0) {
                Instant lastIssued = leaves.stream().map(leaf -> leaf.getNotBefore().toInstant().plus(CertificateAuthority.BACKDATE))
                        .max(Instant::compareTo).orElse(Instant.MIN);
                Instant settled = lastIssued.plus(policy.propagation());
                if (now.isBefore(settled)) {
                    return new RotationDecision(RotationAction.NOOP, "WaitingForPropagation",
                            "every leaf is reissued by the new CA; the old CA stays trusted until " + settled
                                    + ", when every server has loaded its new certificate");
                }
                return new RotationDecision(RotationAction.REMOVE_OLD_CA, "RotationComplete",
                        "every leaf is issued by the new CA; the old CA leaves the trust bundle");
            }
            if (!now.isBefore(stored.previous().get().getNotAfter().toInstant())) {
                return new RotationDecision(RotationAction.REMOVE_OLD_CA, "OldCaExpired",
                        "the old CA expired with " + fromOld + " leaves still from it; they are being reissued");
            }
            return new RotationDecision(RotationAction.NOOP, "RotationInProgress",
                    fromOld + " of " + leaves.size() + " leaves are still from the old CA and are being reissued");
        }
        Optional<RotationDecision> key = keyDecision(ca, policy);
        if (key.isPresent()) {
            return key.get();
        }
        Instant renewAt = renewalPoint(ca, policy);
        if (!now.isBefore(renewAt)) {
            return new RotationDecision(RotationAction.RENEW, now.isBefore(ca.getNotAfter().toInstant())
                    ? "RenewalWindow" : "Expired", "the CA is past its rotation point " + renewAt
                    + " (expires " + ca.getNotAfter().toInstant() + "): a next CA joins the trust bundle before it signs");
        }
        return new RotationDecision(RotationAction.NOOP, "Valid", "the CA is valid until " + ca.getNotAfter().toInstant());
    }

    /** Whether a certificate's signature verifies with an issuer's key and names it as issuer. */
    public static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** notBefore + fraction × lifetime, with the lifetime measured as issued. */
    static Instant renewalPoint(X509Certificate certificate, RotationPolicy policy) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Duration lifetime = Duration.between(notBefore, certificate.getNotAfter().toInstant());
        return notBefore.plusMillis((long) (lifetime.toMillis() * policy.renewAtFraction()));
    }

    private static Optional<RotationDecision> keyDecision(X509Certificate certificate, RotationPolicy policy) {
        int strength = KeyAlgorithm.strength(certificate.getPublicKey());
        if (strength < policy.minimumStrength()) {
            return Optional.of(new RotationDecision(RotationAction.REPLACE_KEY, "KeyTooWeak",
                    certificate.getPublicKey().getAlgorithm() + " key of RSA-equivalent strength " + strength
                            + " is below the required " + policy.minimumStrength()));
        }
        return Optional.empty();
    }

    private static Set<String> alternativeNames(X509Certificate certificate, int type) {
        Set<String> names = new TreeSet<>();
        try {
            Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            if (all != null) {
                all.stream().filter(n -> ((Integer) n.get(0)) == type).forEach(n -> names.add((String) n.get(1)));
            }
        } catch (CertificateParsingException e) {
            return Set.of();
        }
        return names;
    }
}
