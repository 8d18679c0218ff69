package io.naftiko.skipper.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Client tokens from a Secret: each key is a subject, its value that client's token. Mounted as a folder (one file
 * per key, as Kubernetes mounts a Secret), it is read again when its files change, so a rotated token takes effect
 * without a restart. Tokens are kept as SHA-256 digests and compared in constant time.
 */
public final class StaticTokens implements ClientAuthenticator {

    /** Tokens shorter than this are refused when loaded: a guessable token is no authentication. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private final Path folder;
    private volatile Map<String, byte[]> digests;
    private volatile long stamp;

    private StaticTokens(Path folder, Map<String, byte[]> digests, long stamp) {
        this.folder = folder;
        this.digests = digests;
        this.stamp = stamp;
    }

    /** Tokens by subject (tests, and tokens given on the command line for a local run). */
    public static StaticTokens of(Map<String, String> tokensBySubject) {
        Map<String, byte[]> digests = new LinkedHashMap<>();
        tokensBySubject.forEach((subject, token) -> digests.put(subject, digest(check(subject, token))));
        return new StaticTokens(null, Map.copyOf(digests), 0);
    }

    /** Tokens from a mounted Secret's folder. */
    public static StaticTokens fromFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("client tokens: " + folder + " is not a folder (mount the Secret there)");
        }
        return new StaticTokens(folder, load(folder), stamp(folder));
    }

    /** How many clients are known. */
    public int size() {
        reloadIfChanged();
        return digests.size();
    }

    @Override
    public Optional<String> subject(String bearerToken) {
        reloadIfChanged();
        byte[] given = digest(bearerToken);
        String found = null;
        for (Map.Entry<String, byte[]> entry : digests.entrySet()) {
            // Every entry is compared, so the time taken says nothing about which one matched.
            if (MessageDigest.isEqual(entry.getValue(), given) && found == null) {
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    private void reloadIfChanged() {
        if (folder == null) {
            return;
        }
        long now = stamp(folder);
        if (now != stamp) {
            digests = load(folder);
            stamp = now;
        }
    }

    private static Map<String, byte[]> load(Path folder) {
        Map<String, byte[]> digests = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String subject = file.getFileName().toString();
                // A mounted Secret also holds ..data and ..2026_… links: they are not clients.
                if (subject.startsWith(".") || !Files.isRegularFile(file) || Files.size(file) > 4096) {
                    continue;
                }
                digests.put(subject, digest(check(subject, Files.readString(file, StandardCharsets.UTF_8).strip())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("client tokens: cannot read " + folder, e);
        }
        return Map.copyOf(digests);
    }

    private static long stamp(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(f -> {
                try {
                    return Files.getLastModifiedTime(f).toMillis() * 31 + f.getFileName().toString().hashCode();
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String check(String subject, String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("client tokens: the token of " + subject + " has fewer than " + MIN_TOKEN_LENGTH
                    + " characters");
        }
        return token;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
