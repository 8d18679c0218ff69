package io.naftiko.skipper.operator.certificates;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.rotation.AuthorityState;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How certificates are kept in Secrets, as pure conversions. The CA Secret holds {@code ca.crt} and
 * {@code ca.key} (the signing CA), {@code next-ca.crt} and {@code next-ca.key} while a new CA joins the trust
 * bundle (with annotation {@value #NEXT_TRUSTED_SINCE} once it is trusted everywhere), {@code previous-ca.crt} while
 * the old one retires, and {@code bundle.crt} (every CA to trust). Leaf Secrets are {@code kubernetes.io/tls} with
 * {@code tls.crt} (leaf and its CA), {@code tls.key} and {@code ca.crt} (the trust bundle).
 */
final class StoredCertificates {

    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String NEXT_CA_CERT = "next-ca.crt";
    static final String NEXT_CA_KEY = "next-ca.key";
    static final String PREVIOUS_CA_CERT = "previous-ca.crt";
    static final String BUNDLE = "bundle.crt";
    static final String TLS_CERT = "tls.crt";
    static final String TLS_KEY = "tls.key";
    /** Annotation: since when every trust bundle and caBundle holds the next CA. */
    static final String NEXT_TRUSTED_SINCE = "naftiko.io/next-ca-trusted-since";

    private StoredCertificates() {
    }

    /** The CAs as stored: the signing one, the one joining, and the one being rotated out. */
    record Authorities(Optional<CertificateAuthority> current, Optional<CertificateAuthority> next, Optional<Instant> nextTrustedSince,
                       Optional<X509Certificate> previous) {

        static final Authorities NONE = new Authorities(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

        /** Every CA to trust: the current one first. */
        List<X509Certificate> bundle() {
            List<X509Certificate> bundle = new ArrayList<>();
            current.ifPresent(ca -> bundle.add(ca.certificate()));
            next.ifPresent(ca -> bundle.add(ca.certificate()));
            previous.ifPresent(bundle::add);
            return bundle;
        }

        String bundlePem() {
            return Pem.certificates(bundle());
        }

        /** The state the pure rotation decisions read. */
        AuthorityState state() {
            return new AuthorityState(current.map(CertificateAuthority::certificate), next.map(CertificateAuthority::certificate),
                    nextTrustedSince, previous);
        }
    }

    /**
     * What reading the CA Secret gave: its CAs, or why it cannot be read. An unreadable CA Secret is never taken
     * for a missing one (which would replace the CA, with no overlap, and break every client).
     *
     * @param authorities the CAs ({@link Authorities#NONE} when the Secret does not exist)
     * @param problem     why it cannot be read, if it cannot
     */
    record Read(Authorities authorities, Optional<String> problem) {
    }

    static Read authorities(Secret secret) {
        if (secret == null) {
            return new Read(Authorities.NONE, Optional.empty());
        }
        try {
            Optional<CertificateAuthority> current = authority(secret, CA_CERT, CA_KEY);
            if (current.isEmpty()) {
                return new Read(Authorities.NONE, Optional.of("it has no " + CA_CERT + " and " + CA_KEY));
            }
            Optional<String> trustedSince = Optional.ofNullable(secret.getMetadata().getAnnotations())
                    .map(annotations -> annotations.get(NEXT_TRUSTED_SINCE));
            Optional<X509Certificate> previous = text(secret, PREVIOUS_CA_CERT).isEmpty() ? Optional.empty()
                    : Optional.of(Pem.readCertificates(text(secret, PREVIOUS_CA_CERT).get()).get(0));
            return new Read(new Authorities(current, authority(secret, NEXT_CA_CERT, NEXT_CA_KEY), trustedSince.map(Instant::parse),
                    previous), Optional.empty());
        } catch (PemException | RuntimeException e) {
            return new Read(Authorities.NONE, Optional.of(e.getMessage()));
        }
    }

    private static Optional<CertificateAuthority> authority(Secret secret, String certKey, String keyKey) throws PemException {
        Optional<String> cert = text(secret, certKey);
        Optional<String> key = text(secret, keyKey);
        if (cert.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CertificateAuthority(Pem.readCertificates(cert.get()).get(0), Pem.readPrivateKey(key.get())));
    }

    static Secret authoritySecret(String namespace, Authorities authorities) {
        Map<String, String> data = new LinkedHashMap<>();
        CertificateAuthority current = authorities.current().orElseThrow();
        data.put(CA_CERT, Pem.certificate(current.certificate()));
        data.put(CA_KEY, Pem.privateKey(current.key()));
        authorities.next().ifPresent(next -> {
            data.put(NEXT_CA_CERT, Pem.certificate(next.certificate()));
            data.put(NEXT_CA_KEY, Pem.privateKey(next.key()));
        });
        authorities.previous().ifPresent(previous -> data.put(PREVIOUS_CA_CERT, Pem.certificate(previous)));
        data.put(BUNDLE, authorities.bundlePem());
        Secret secret = secret(namespace, CertificateSettings.CA_SECRET, "Opaque", data);
        authorities.nextTrustedSince().ifPresent(since -> secret.getMetadata().setAnnotations(Map.of(NEXT_TRUSTED_SINCE, since.toString())));
        return secret;
    }

    /** The leaf stored in a TLS Secret, if it holds a readable one. */
    static Optional<X509Certificate> leaf(Secret secret) {
        return secret == null ? Optional.empty() : text(secret, TLS_CERT).flatMap(StoredCertificates::firstCertificate);
    }

    static Secret leafSecret(String namespace, String name, IssuedCertificate issued, String bundlePem) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TLS_CERT, Pem.certificates(issued.chain()));
        data.put(TLS_KEY, Pem.privateKey(issued.key()));
        data.put(CA_CERT, bundlePem);
        return secret(namespace, name, "kubernetes.io/tls", data);
    }

    /** A Secret's value for a key, decoded. */
    static Optional<String> text(Secret secret, String key) {
        if (secret.getData() == null || secret.getData().get(key) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<X509Certificate> firstCertificate(String pem) {
        try {
            return Optional.of(Pem.readCertificates(pem).get(0));
        } catch (PemException e) {
            return Optional.empty();
        }
    }

    private static Secret secret(String namespace, String name, String type, Map<String, String> values) {
        Map<String, String> data = new LinkedHashMap<>();
        values.forEach((key, value) -> data.put(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace)
                .withLabels(Map.of(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER)).endMetadata()
                .withType(type)
                .withData(data)
                .build();
    }
}
