package io.naftiko.skipper.cli.certs;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.CertificateUsage;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.LeafRequest;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.PublicKeys;
import io.naftiko.skipper.cli.UserError;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper certs issue}: a server or client certificate from a CA folder. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = "Issue a certificate from the CA in --ca: writes tls.crt (with the CA), tls.key and ca.crt into --out.")
public final class IssueCommand implements Callable<Integer> {

    private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    /** Index of keyCertSign in X509Certificate.getKeyUsage(). */
    private static final int KEY_CERT_SIGN = 5;

    @Option(names = "--ca", required = true, paramLabel = "DIR", description = "Folder with ca.crt and ca.key.")
    Path caDir;

    @Option(names = "--name", required = true, description = "Common name.")
    String name;

    @Option(names = "--dns", paramLabel = "NAME", description = "DNS subject alternative name. Repeatable.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--uri", paramLabel = "URI", description = "URI subject alternative name, e.g. spiffe://... Repeatable.")
    List<String> uris = new ArrayList<>();

    @Option(names = "--days", defaultValue = "90", description = "Lifetime in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--client", description = "A client certificate (clientAuth) instead of a server one (serverAuth).")
    boolean client;

    @Option(names = "--key", defaultValue = "ecdsa-p256",
            description = "Key type: ecdsa-p256, rsa-2048, rsa-3072, rsa-4096 (default: ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeyAlgorithm algorithm = PemFiles.keyAndDays(key, days);
        for (String dnsName : dns) {
            if (!DNS_NAME.matcher(dnsName).matches() || dnsName.length() > 253) {
                throw new UserError("--dns '" + dnsName + "': not a DNS name (lowercase labels of letters, digits and '-',"
                        + " separated by dots; '*.' allowed first)");
            }
        }
        List<String> dnsNames = new ArrayList<>(dns);
        if (dnsNames.isEmpty() && uris.isEmpty() && !client) {
            dnsNames.add(name);
        }
        CertificateAuthority ca = readCa();
        IssuedCertificate issued = ca.issue(new LeafRequest(name, dnsNames, uris, Duration.ofDays(days),
                client ? CertificateUsage.CLIENT : CertificateUsage.SERVER, algorithm), SystemClock.utc());
        PemFiles.write(out, PemFiles.CERTIFICATE, Pem.certificates(issued.chain()), false);
        PemFiles.write(out, PemFiles.KEY, Pem.privateKey(issued.key()), true);
        PemFiles.write(out, PemFiles.CA, Pem.certificate(ca.certificate()), false);
        spec.commandLine().getOut().println((client ? "client" : "server") + " certificate '" + name + "' valid until "
                + issued.certificate().getNotAfter().toInstant() + ": " + out.resolve(PemFiles.CERTIFICATE));
        return 0;
    }

    private CertificateAuthority readCa() {
        Path certificate = caDir.resolve(PemFiles.CA);
        Path privateKey = caDir.resolve("ca.key");
        X509Certificate caCertificate;
        PrivateKey caKey;
        try {
            caCertificate = Pem.readCertificates(PemFiles.read(certificate)).get(0);
            caKey = Pem.readPrivateKey(PemFiles.read(privateKey));
        } catch (PemException e) {
            throw new UserError(caDir + ": not a CA folder (ca.crt, ca.key): " + e.getMessage(), e);
        }
        boolean[] usage = caCertificate.getKeyUsage();
        if (caCertificate.getBasicConstraints() < 0 || (usage != null && !usage[KEY_CERT_SIGN])) {
            throw new UserError(certificate + ": not a CA certificate (no CA basic constraint or no keyCertSign usage)");
        }
        if (!PublicKeys.of(caKey).equals(caCertificate.getPublicKey())) {
            throw new UserError(privateKey + ": this key does not belong to " + certificate);
        }
        return new CertificateAuthority(caCertificate, caKey);
    }
}
