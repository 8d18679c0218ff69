package io.naftiko.skipper.cli;

import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.tls.PemFileWatcher;
import io.naftiko.skipper.tls.TlsMaterial;
import java.io.IOException;
import java.nio.file.Path;

/** A serving certificate and key given as files ({@code --tls-cert}, {@code --tls-key}), checked before a server starts. */
public final class ServingCertificateFiles {

    private ServingCertificateFiles() {
    }

    /** The pair, or one clear line: unreadable, not PEM, or a key that is not the certificate's. */
    public static TlsMaterial read(Path certificate, Path key) {
        try {
            TlsMaterial material = PemFileWatcher.read(certificate, key);
            if (!material.keyMatchesCertificate()) {
                throw new UserError(key + " is not the key of " + certificate);
            }
            return material;
        } catch (IOException e) {
            throw new UserError("cannot read " + e.getMessage(), e);
        } catch (PemException e) {
            throw new UserError(certificate + " / " + key + ": " + e.getMessage(), e);
        }
    }
}
