package io.naftiko.skipper.tls;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The serving certificate of a server command ({@code skipper webhook}, {@code skipper gateway}): {@code --tls-cert}
 * and {@code --tls-key} files, checked before the server starts and watched for a new pair, or {@code --self-signed}
 * for a local run. Use as {@code @ArgGroup(exclusive = true, multiplicity = "1")}.
 */
public final class ServingCertificateOptions {

    @ArgGroup(exclusive = false)
    CertificateFiles files;

    @Option(names = "--self-signed", required = true, description = "Generate a CA and a serving certificate in memory.")
    boolean selfSigned;

    /** Certificate files, watched for changes. */
    static final class CertificateFiles {
        @Option(names = "--tls-cert", required = true, paramLabel = "FILE", description = "PEM certificate chain.")
        Path certificate;

        @Option(names = "--tls-key", required = true, paramLabel = "FILE", description = "PEM private key.")
        Path key;
    }

    /**
     * The certificate in use, and the watcher that replaces it when its files change (close it with the server).
     *
     * @param tls     what the server's connector serves
     * @param watcher the file watcher, with files
     */
    public record Serving(ReloadableTls tls, Optional<PemFileWatcher> watcher) {
    }

    /**
     * Opens the certificate; a self-signed one's CA is written to a temporary file, named on {@code out}.
     *
     * @param command        the command, for a clear error
     * @param reloadInterval how often the files are checked for a new pair
     */
    public Serving open(CommandLine command, Clock clock, Duration reloadInterval, PrintWriter out) throws IOException {
        if (selfSigned) {
            SelfSignedTls created = SelfSignedTls.create(List.of("localhost"), clock);
            Path ca = Files.createTempFile("skipper-" + command.getCommandName() + "-ca-", ".crt");
            Files.writeString(ca, Pem.certificate(created.authority()));
            out.println("self-signed serving certificate for localhost; clients trust " + ca);
            return new Serving(new ReloadableTls(created.serving()), Optional.empty());
        }
        TlsMaterial material;
        // No cause on the errors: picocli would hand the cause, not the sentence, to the command's error handler.
        try {
            material = PemFileWatcher.read(files.certificate, files.key);
        } catch (IOException e) {
            throw new CommandLine.ExecutionException(command, "cannot read " + e.getMessage());
        } catch (PemException e) {
            throw new CommandLine.ExecutionException(command, files.certificate + " / " + files.key + ": " + e.getMessage());
        }
        if (!material.keyMatchesCertificate()) {
            throw new CommandLine.ExecutionException(command, files.key + " is not the key of " + files.certificate);
        }
        ReloadableTls tls = new ReloadableTls(material);
        return new Serving(tls, Optional.of(new PemFileWatcher(files.certificate, files.key, tls, reloadInterval)));
    }
}
