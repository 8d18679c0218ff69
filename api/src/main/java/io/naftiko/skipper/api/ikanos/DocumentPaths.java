package io.naftiko.skipper.api.ikanos;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Path arithmetic on the forward-slash paths that documents use (never the host's file system). */
public final class DocumentPaths {

    private DocumentPaths() {
    }

    /**
     * Normalizes a relative path ({@code ./shared/x.yml} → {@code shared/x.yml}); empty when it is
     * absolute, empty, or climbs out of its directory with {@code ..}.
     */
    public static Optional<String> normalizeRelative(String path) {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("\\")) {
            return Optional.empty();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }

    /** The last segment of a path. */
    public static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Everything before the last segment ({@code ""} for a single segment, {@code "/"} at the root). */
    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        return slash == 0 ? "/" : path.substring(0, slash);
    }
}
