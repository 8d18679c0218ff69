package io.naftiko.skipper.cli.bundle;

import io.naftiko.skipper.bundler.BundleArchive;
import io.naftiko.skipper.bundler.BundleException;
import io.naftiko.skipper.bundler.BundleVerifier;
import io.naftiko.skipper.bundler.SigningKey;
import io.naftiko.skipper.bundler.VerificationKey;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skipper bundle verify OUT.tar.gz --verification-key PEM [--key-id ID --scope S]}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a bundle's signature and every file's hash, as OPA does. Exit 1 with the reason if it fails.")
public final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BUNDLE.tar.gz", description = "The bundle.")
    Path bundle;

    @Option(names = "--verification-key", required = true, paramLabel = "PEM", description = "Public key (or certificate) PEM.")
    Path verificationKey;

    @Option(names = "--key-id", description = "Key id the signature must name, if it names one.")
    String keyId;

    @Option(names = "--scope", description = "Scope the signature must carry.")
    String scope;

    @Option(names = "--signing-alg", description = "RS256, PS256 or ES256 (default: RS256 for an RSA key, ES256 for an EC key).")
    String algorithm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            PublicKey key = Pem.readPublicKey(Files.readString(verificationKey));
            String alg = algorithm != null ? algorithm : SigningKey.defaultAlgorithm(key);
            Map<String, byte[]> files = BundleArchive.read(Files.readAllBytes(bundle));
            Map<String, String> signed = BundleVerifier.verify(files, new VerificationKey(key, alg, Optional.ofNullable(keyId),
                    Optional.ofNullable(scope)));
            spec.commandLine().getOut().println(bundle + ": verified (" + alg + "), " + signed.size() + " signed files");
            return 0;
        } catch (BundleException e) {
            spec.commandLine().getErr().println(bundle + ": " + e.getMessage());
            return Skipper.EXIT_FAILED;
        } catch (PemException e) {
            throw new UserError(verificationKey + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read: " + e.getMessage(), e);
        }
    }
}
