package io.naftiko.skipper.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.naftiko.skipper.certs.rotation.CertificateRotation;
import io.naftiko.skipper.certs.rotation.RotationAction;
import io.naftiko.skipper.certs.rotation.RotationPolicy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What we write, read back with the JDK's own CertificateFactory and validated with its PKIX validator. */
class CertificateAuthorityTest {

    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static void validate(X509Certificate leaf, Set<X509Certificate> anchors, Instant at) throws Exception {
        PKIXParameters parameters = new PKIXParameters(anchors.stream().map(a -> new TrustAnchor(a, null)).collect(Collectors.toSet()));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void aCaOfEveryKeyType(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("skipper-ca", algorithm, Duration.ofDays(3650), CLOCK);
        X509Certificate parsed = parse(Pem.certificate(ca.certificate()));

        assertThat(parsed.getBasicConstraints()).isZero();
        assertThat(parsed.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(parsed.getSubjectX500Principal().getName()).isEqualTo("CN=skipper-ca,O=Skipper");
        assertThat(parsed.getNotBefore().toInstant()).isEqualTo(NOW.minus(CertificateAuthority.BACKDATE));
        assertThat(parsed.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3650)));
        assertThat(KeyAlgorithm.of(parsed.getPublicKey())).hasValue(algorithm);
        parsed.verify(parsed.getPublicKey());
    }

    @Test
    void aServerLeafCarriesItsNamesAndUsages() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256, Duration.ofDays(3650), CLOCK);
        IssuedCertificate leaf = ca.issue(LeafRequest.server("skipper-webhook",
                List.of("skipper-webhook", "skipper-webhook.skipper", "skipper-webhook.skipper.svc"), Duration.ofDays(90)), CLOCK);
        X509Certificate parsed = parse(Pem.certificate(leaf.certificate()));

        assertThat(parsed.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactly("skipper-webhook", "skipper-webhook.skipper", "skipper-webhook.skipper.svc");
        assertThat(parsed.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(parsed.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(parsed.getBasicConstraints()).isEqualTo(-1);
        assertThat(parsed.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        validate(parsed, Set.of(ca.certificate()), NOW);
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), ca.certificate());
    }

    @Test
    void anIpv4ServerNameIsAnAddressNameAndRotationTakesItAsAsked() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256, Duration.ofDays(3650), CLOCK);
        List<String> names = List.of("host.docker.internal", "172.17.0.1");
        IssuedCertificate leaf = ca.issue(LeafRequest.server("skipper-webhook", names, Duration.ofDays(90)), CLOCK);
        X509Certificate parsed = parse(Pem.certificate(leaf.certificate()));

        assertThat(parsed.getSubjectAlternativeNames()).extracting(n -> List.of(n.get(0), n.get(1)))
                .containsExactly(List.of(2, "host.docker.internal"), List.of(7, "172.17.0.1"));
        assertThat(CertificateRotation.leaf(Optional.of(parsed), ca.certificate(), names, List.of(), RotationPolicy.leafDefaults(), CLOCK)
                .action()).isEqualTo(RotationAction.NOOP);
        assertThat(AlternativeNames.isIpAddress("256.1.1.1")).isFalse();
        assertThat(AlternativeNames.isIpAddress("::1")).isFalse();
    }

    @Test
    void aClientLeafCarriesItsSpiffeIdentity() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("skipper-ca", KeyAlgorithm.RSA_2048, Duration.ofDays(3650), CLOCK);
        IssuedCertificate leaf = ca.issue(LeafRequest.client("warden-a",
                List.of("spiffe://naftiko.io/ns/shop/warden/warden-a"), Duration.ofDays(30)), CLOCK);
        X509Certificate parsed = parse(Pem.certificate(leaf.certificate()));

        assertThat(parsed.getSubjectAlternativeNames()).singleElement()
                .satisfies(n -> assertThat(List.<Object>copyOf(n)).containsExactly(6, "spiffe://naftiko.io/ns/shop/warden/warden-a"));
        assertThat(parsed.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        validate(parsed, Set.of(ca.certificate()), NOW);
    }

    @Test
    void aLeafOfTheOldCaVerifiesAgainstTheBundleDuringTheOverlapOnly() throws Exception {
        CertificateAuthority oldCa = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256, Duration.ofDays(3650), CLOCK);
        CertificateAuthority newCa = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256, Duration.ofDays(3650), CLOCK);
        X509Certificate oldLeaf = oldCa.issue(LeafRequest.server("w", List.of("w"), Duration.ofDays(90)), CLOCK).certificate();
        X509Certificate newLeaf = newCa.issue(LeafRequest.server("w", List.of("w"), Duration.ofDays(90)), CLOCK).certificate();
        List<X509Certificate> overlap = Pem.readCertificates(Pem.certificates(List.of(newCa.certificate(), oldCa.certificate())));

        validate(oldLeaf, Set.copyOf(overlap), NOW);
        validate(newLeaf, Set.copyOf(overlap), NOW);
        assertThatThrownBy(() -> validate(oldLeaf, Set.of(newCa.certificate()), NOW))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void keysRoundTripThroughPem() throws Exception {
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            CertificateAuthority ca = CertificateAuthority.create("ca", algorithm, Duration.ofDays(1), CLOCK);
            String pem = Pem.privateKey(ca.key());
            assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(Pem.readPrivateKey(pem)).isEqualTo(ca.key());
        }
    }

    @Test
    void badPemGetsAClearError() {
        assertThatThrownBy(() -> Pem.readCertificates("hello")).isInstanceOf(PemException.class).hasMessageStartingWith("not a PEM certificate");
        assertThatThrownBy(() -> Pem.readPrivateKey("hello")).isInstanceOf(PemException.class).hasMessage("no unencrypted private key found");
    }
}
