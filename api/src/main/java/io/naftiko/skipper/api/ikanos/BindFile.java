package io.naftiko.skipper.api.ikanos;

import java.util.Locale;

import java.util.Optional;

/**
 * Where a bind's secret file is mounted in the engine pod.
 *
 * <p>{@code file:///./shared/secrets.yaml} is relative to the engine's working directory
 * {@code /app} and lands at {@code /app/shared/secrets.yaml}; an absolute path such as
 * {@code file:///etc/naftiko/db.yaml} lands where it says.
 *
 * @param mountPath     absolute path of the file in the container
 * @param directoryName name of its parent directory, which names the Secret
 * @param fileName      the file's base name, which is the Secret key
 */
public record BindFile(String mountPath, String directoryName, String fileName) {

    /** The engine's working directory, against which {@code file:///./} paths resolve. */
    public static final String WORKING_DIRECTORY = "/app";
    /** Directory name used for a file directly under {@code /}. */
    public static final String ROOT_DIRECTORY_NAME = "root";
    private static final String SCHEME = "file://";

    /** Parses a bind location; empty when it is not a {@code file://} URI naming a file. */
    public static Optional<BindFile> parse(String location) {
        if (location == null || !location.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String path = location.substring(SCHEME.length());
        if (!path.startsWith("/")) {
            // file://host/path: a remote host is not something a pod can mount.
            return Optional.empty();
        }
        Optional<String> absolute = path.startsWith("/./")
                ? DocumentPaths.normalizeRelative(path.substring(3)).map(p -> WORKING_DIRECTORY + "/" + p)
                : DocumentPaths.normalizeRelative(path.substring(1)).map(p -> "/" + p);
        return absolute.map(p -> {
            String directory = DocumentPaths.baseName(DocumentPaths.parent(p));
            return new BindFile(p, directory.isEmpty() ? ROOT_DIRECTORY_NAME : directory, DocumentPaths.baseName(p));
        });
    }

    /** Lowercases and replaces what a DNS label cannot hold, so a directory name can be part of a Secret's or volume's name. */
    public static String dnsSafe(String value) {
        String safe = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return safe.isEmpty() ? "x" : safe;
    }
}
