package io.naftiko.skipper.cli.certs;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.Pem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper certs ca}: a new CA. */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = "Create a CA: writes ca.crt and ca.key (PKCS#8, owner-only) into --out.")
public final class CaCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
    Path out;

    @Option(names = "--name", defaultValue = "skipper-ca", description = "Common name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--days", defaultValue = "1825", description = "Lifetime in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--key", defaultValue = "ecdsa-p256",
            description = "Key type: ecdsa-p256, rsa-2048, rsa-3072, rsa-4096 (default: ${DEFAULT-VALUE}).")
    String key;

    @Option(names = "--force", description = "Replace a CA that already exists in --out.")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        KeyAlgorithm algorithm = PemFiles.keyAndDays(key, days);
        PemFiles.refuseToReplace(out, force);
        CertificateAuthority ca = CertificateAuthority.create(name, algorithm, Duration.ofDays(days), SystemClock.utc());
        PemFiles.write(out, PemFiles.CA, Pem.certificate(ca.certificate()), false);
        PemFiles.write(out, "ca.key", Pem.privateKey(ca.key()), true);
        spec.commandLine().getOut().println("CA '" + name + "' (" + algorithm + ") valid until "
                + ca.certificate().getNotAfter().toInstant() + ": " + out.resolve(PemFiles.CA) + ", " + out.resolve("ca.key"));
        return 0;
    }
}
