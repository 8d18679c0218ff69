package io.naftiko.skipper.reconciler.certificates;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How certificates are kept in Secrets, as pure conversions. The CA Secret holds {@code ca.crt} and
 * {@code ca.key} (the signing CA), {@code previous-ca.crt} during a rotation, and {@code bundle.crt}
 * (every CA to trust). Leaf Secrets are {@code kubernetes.io/tls} with {@code tls.crt} (leaf and its
 * CA), {@code tls.key} and {@code ca.crt} (the trust bundle).
 */
final class StoredCertificates {

    static final String CA_CERT = "ca.crt";
    static final String CA_KEY = "ca.key";
    static final String PREVIOUS_CA_CERT = "previous-ca.crt";
    static final String BUNDLE = "bundle.crt";
    static final String TLS_CERT = "tls.crt";
    static final String TLS_KEY = "tls.key";

    private StoredCertificates() {
    }

    /** The signing CA and the one being rotated out, as stored. */
    record Authorities(Optional<CertificateAuthority> current, Optional<X509Certificate> previous) {

        /** Every CA to trust: the current one first. */
        List<X509Certificate> bundle() {
            List<X509Certificate> bundle = new ArrayList<>();
            current.ifPresent(ca -> bundle.add(ca.certificate()));
            previous.ifPresent(bundle::add);
            return bundle;
        }

        String bundlePem() {
            return Pem.certificates(bundle());
        }
    }

    static Authorities authorities(Secret secret) {
        if (secret == null) {
            return new Authorities(Optional.empty(), Optional.empty());
        }
        Optional<CertificateAuthority> current = text(secret, CA_CERT).flatMap(cert -> text(secret, CA_KEY).flatMap(key -> {
            try {
                return Optional.of(new CertificateAuthority(Pem.readCertificates(cert).get(0), Pem.readPrivateKey(key)));
            } catch (PemException e) {
                return Optional.empty();
            }
        }));
        return new Authorities(current, text(secret, PREVIOUS_CA_CERT).flatMap(StoredCertificates::firstCertificate));
    }

    static Secret authoritySecret(String namespace, Authorities authorities) {
        Map<String, String> data = new LinkedHashMap<>();
        CertificateAuthority current = authorities.current().orElseThrow();
        data.put(CA_CERT, Pem.certificate(current.certificate()));
        data.put(CA_KEY, Pem.privateKey(current.key()));
        authorities.previous().ifPresent(previous -> data.put(PREVIOUS_CA_CERT, Pem.certificate(previous)));
        data.put(BUNDLE, authorities.bundlePem());
        return secret(namespace, CertificateSettings.CA_SECRET, "Opaque", data);
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
