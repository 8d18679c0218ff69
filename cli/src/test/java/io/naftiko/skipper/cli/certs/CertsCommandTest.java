package io.naftiko.skipper.cli.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    private static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    }
}
