package io.naftiko.skipper.cli.bundle;

import io.naftiko.skipper.bundler.BundleBuilder;
import io.naftiko.skipper.bundler.BundleException;
import io.naftiko.skipper.bundler.BundleSnapshot;
import io.naftiko.skipper.bundler.DirectorySource;
import io.naftiko.skipper.bundler.SigningKey;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skipper bundle build DIR -o OUT.tar.gz --signing-key PEM ...}. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build a signed bundle from a policy folder (.rego files, data.json/data.yaml at any depth).")
public final class BuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The policy folder.")
    Path folder;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.tar.gz", description = "Where to write the bundle.")
    Path output;

    @Option(names = "--signing-key", required = true, paramLabel = "PEM", description = "Private key (PKCS#8, PKCS#1 or SEC1 PEM).")
    Path signingKey;

    @Option(names = "--key-id", defaultValue = "default", description = "Key id in the signature (default: ${DEFAULT-VALUE}).")
    String keyId;

    @Option(names = "--scope", description = "Scope claim in the signature.")
    String scope;

    @Option(names = "--signing-alg", description = "RS256, PS256 or ES256 (default: RS256 for an RSA key, ES256 for an EC key).")
    String algorithm;

    @Option(names = "--revision", description = "Revision of the bundle (default: a digest of its content).")
    String revision;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            // The signature's iat is the content's time (the newest file's), not the build's: the same folder builds the
            // same bytes (RS256; PS256 and ES256 signatures are randomized by design).
            BundleSnapshot snapshot = DirectorySource.snapshot(folder.getFileName().toString(), folder);
            Map<String, byte[]> files = snapshot.files();
            PrivateKey privateKey = Pem.readPrivateKey(Files.readString(signingKey));
            String signingAlgorithm = algorithm != null ? algorithm : SigningKey.defaultAlgorithm(privateKey);
            SigningKey key = new SigningKey(privateKey, signingAlgorithm, keyId, Optional.ofNullable(scope));
            byte[] bundle = BundleBuilder.build(files, snapshot.roots(), revision, key, snapshot.contentTime());
            Files.write(output, bundle);
            spec.commandLine().getOut().println("built " + output + ": " + files.size() + " files, " + bundle.length
                    + " bytes, signed " + signingAlgorithm + " with key id " + keyId);
            return 0;
        } catch (BundleException e) {
            throw new UserError(e.getMessage(), e);
        } catch (PemException e) {
            throw new UserError(signingKey + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot read or write: " + e.getMessage(), e);
        }
    }
}
