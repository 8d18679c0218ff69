package io.naftiko.skipper.cli.certs;

import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

    /**
     * Writes one PEM file, never through a link planted at its path (a key could land anywhere), and a secret one
     * owner-only from its creation, never readable by others for a moment.
     */
    static void write(Path folder, String name, String pem, boolean secret) {
        Path file = folder.resolve(name);
        try {
            Files.createDirectories(folder);
            if (Files.isSymbolicLink(file)) {
                throw new UserError(file + ": a symbolic link; refusing to write " + (secret ? "a private key" : "a certificate")
                        + " through it");
            }
            if (secret && Files.getFileStore(folder).supportsFileAttributeView("posix") && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = Files.newOutputStream(file, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                out.write(pem.getBytes(StandardCharsets.UTF_8));
            }
            if (secret && Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
        } catch (IOException e) {
            throw new UserError(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Refuses to replace a CA that exists: every certificate it issued would stop verifying. */
    static void refuseToReplace(Path folder, boolean force) {
        for (String name : new String[] {CA, "ca.key"}) {
            if (!force && Files.exists(folder.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError(folder.resolve(name) + " exists: a new CA would replace it and every certificate it issued"
                        + " would stop verifying; pass --force to replace it");
            }
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
