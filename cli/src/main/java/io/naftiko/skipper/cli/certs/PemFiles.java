package io.naftiko.skipper.cli.certs;

import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes PEM files: certificates readable by all, keys by their owner only. */
final class PemFiles {

    /** File name of a certificate (with its chain, for a leaf). */
    static final String CERTIFICATE = "tls.crt";
    /** File name of a private key. */
    static final String KEY = "tls.key";
    /** File name of the CA certificate that verifies it. */
    static final String CA = "ca.crt";

    private PemFiles() {
    }

    /** The key type a {@code --key} option names, and a lifetime of at least a day; one clear line otherwise. */
    static KeyAlgorithm keyAndDays(String key, int days) {
        if (days < 1) {
            throw new UserError("--days must be at least 1");
        }
        return KeyAlgorithm.parse(key)
                .orElseThrow(() -> new UserError("--key '" + key + "': use ecdsa-p256, rsa-2048, rsa-3072 or rsa-4096"));
    }

    static void write(Path folder, String name, String pem, boolean secret) {
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(name);
            Files.writeString(file, pem);
            if (secret && Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UserError(folder.resolve(name) + ": cannot write: " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
