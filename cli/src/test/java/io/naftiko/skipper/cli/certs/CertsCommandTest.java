package io.naftiko.skipper.cli.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertsCommandTest {

    @TempDir
    Path dir;

    @Test
    void aCaAndCertificatesFromItThatVerify() throws Exception {
        assertThat(CliRun.of("certs", "ca", "--out", dir.resolve("ca").toString()).exitCode()).isZero();
        CliRun server = CliRun.of("certs", "issue", "--ca", dir.resolve("ca").toString(), "--name", "skipper-webhook",
                "--dns", "skipper-webhook.skipper.svc", "--out", dir.resolve("webhook").toString());
        CliRun client = CliRun.of("certs", "issue", "--ca", dir.resolve("ca").toString(), "--name", "warden-a", "--client",
                "--uri", "spiffe://naftiko.io/ns/shop/warden/warden-a", "--days", "7", "--key", "rsa-2048",
                "--out", dir.resolve("warden").toString());

        assertThat(server.exitCode()).as(server.err()).isZero();
        assertThat(client.exitCode()).as(client.err()).isZero();
        X509Certificate ca = Pem.readCertificates(Files.readString(dir.resolve("ca/ca.crt"))).get(0);
        List<X509Certificate> serverChain = Pem.readCertificates(Files.readString(dir.resolve("webhook/tls.crt")));
        X509Certificate warden = Pem.readCertificates(Files.readString(dir.resolve("warden/tls.crt"))).get(0);
        assertThat(serverChain).hasSize(2).last().isEqualTo(ca);
        assertThat(serverChain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(warden.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(warden.getPublicKey().getAlgorithm()).isEqualTo("RSA");
        validate(serverChain.get(0), ca);
        validate(warden, ca);
        assertThat(Pem.readPrivateKey(Files.readString(dir.resolve("warden/tls.key"))).getAlgorithm()).isEqualTo("RSA");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca/ca.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void openSslVerifiesThemWhereItIsInstalled() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/openssl"))).as("openssl is installed").isTrue();
        CliRun.of("certs", "ca", "--out", dir.resolve("ca").toString());
        CliRun.of("certs", "issue", "--ca", dir.resolve("ca").toString(), "--name", "w", "--dns", "w.skipper.svc",
                "--out", dir.resolve("w").toString());
        Process verify = new ProcessBuilder("/usr/bin/openssl", "verify", "-purpose", "sslserver", "-CAfile",
                dir.resolve("ca/ca.crt").toString(), dir.resolve("w/tls.crt").toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertThat(verify.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).contains(": OK");
    }

    @Test
    void badInputIsOneLine() {
        CliRun noCa = CliRun.of("certs", "issue", "--ca", dir.resolve("nothing").toString(), "--name", "x",
                "--out", dir.resolve("x").toString());
        CliRun badKey = CliRun.of("certs", "ca", "--out", dir.toString(), "--key", "dsa-1024");

        assertThat(noCa.exitCode()).isEqualTo(1);
        assertThat(noCa.err().lines()).singleElement().asString().contains("cannot read");
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err().lines()).containsExactly("ca: error: --key 'dsa-1024': use ecdsa-p256, rsa-2048, rsa-3072 or rsa-4096");
    }

    @Test
    void anExistingCaIsNotReplacedWithoutForce() throws Exception {
        CliRun.of("certs", "ca", "--out", dir.resolve("ca").toString());
        String before = Files.readString(dir.resolve("ca/ca.key"));

        CliRun again = CliRun.of("certs", "ca", "--out", dir.resolve("ca").toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err().lines()).singleElement().asString().endsWith("ca.crt exists: a new CA would replace it and every"
                + " certificate it issued would stop verifying; pass --force to replace it");
        assertThat(Files.readString(dir.resolve("ca/ca.key"))).isEqualTo(before);

        assertThat(CliRun.of("certs", "ca", "--out", dir.resolve("ca").toString(), "--force").exitCode()).isZero();
        assertThat(Files.readString(dir.resolve("ca/ca.key"))).isNotEqualTo(before);
    }

    /** A way to spoil a CA folder or a request, and the one line that must say so. */
    interface Spoil {
        List<String> apply(Path dir) throws Exception;
    }

    static Stream<Arguments> unsafeIssues() {
        return Stream.of(
                Arguments.of("a CA key that is not the CA certificate's", (Spoil) d -> {
                    CliRun.of("certs", "ca", "--out", d.resolve("other").toString());
                    Files.copy(d.resolve("other/ca.key"), d.resolve("ca/ca.key"), StandardCopyOption.REPLACE_EXISTING);
                    return List.of("--dns", "w.skipper.svc");
                }, "ca.key: this key does not belong to "),
                Arguments.of("a leaf used as the CA", (Spoil) d -> {
                    CliRun.of("certs", "issue", "--ca", d.resolve("ca").toString(), "--name", "leaf", "--out", d.resolve("leaf").toString());
                    Files.copy(d.resolve("leaf/tls.crt"), d.resolve("ca/ca.crt"), StandardCopyOption.REPLACE_EXISTING);
                    Files.copy(d.resolve("leaf/tls.key"), d.resolve("ca/ca.key"), StandardCopyOption.REPLACE_EXISTING);
                    return List.of("--dns", "w.skipper.svc");
                }, "ca.crt: not a CA certificate"),
                Arguments.of("a DNS name with a space", (Spoil) d -> List.of("--dns", "ex ample"), "--dns 'ex ample': not a DNS name"),
                Arguments.of("a DNS name with an empty label", (Spoil) d -> List.of("--dns", "a..b"), "--dns 'a..b': not a DNS name"),
                Arguments.of("a link planted where the key goes", (Spoil) d -> {
                    Files.createDirectories(d.resolve("out"));
                    Files.createSymbolicLink(d.resolve("out/tls.key"), d.resolve("stolen.key"));
                    return List.of("--dns", "w.skipper.svc");
                }, "tls.key: a symbolic link; refusing to write a private key through it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsafeIssues")
    void unsafeIssuesAreRefusedInOneLine(String what, Spoil spoil, String message) throws Exception {
        CliRun.of("certs", "ca", "--out", dir.resolve("ca").toString());
        List<String> args = new ArrayList<>(List.of("certs", "issue", "--ca", dir.resolve("ca").toString(), "--name", "w",
                "--out", dir.resolve("out").toString()));
        args.addAll(spoil.apply(dir));

        CliRun issue = CliRun.of(args.toArray(String[]::new));

        assertThat(issue.exitCode()).isEqualTo(1);
        assertThat(issue.err().lines()).singleElement().asString().contains(message);
        assertThat(dir.resolve("stolen.key")).doesNotExist();
    }

    private static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
