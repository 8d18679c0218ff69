package io.naftiko.skipper.api.ikanos;

import java.util.Optional;

/**
 * One {@code consumes} entry that imports another file.
 *
 * @param field    its path in the document, e.g. {@code capability.consumes[0]}
 * @param name     the import's namespace ({@code import:})
 * @param from     the file, relative to the document ({@code from:})
 * @param location the older spelling of {@code from} (deprecated)
 */
public record Import(String field, String name, String from, String location) {

    /** The file as written: {@code from}, else the older {@code location}. */
    public Optional<String> source() {
        return Optional.ofNullable(from).or(() -> Optional.ofNullable(location));
    }

    /** The field that names the file: {@code from} or {@code location}. */
    public String sourceField() {
        return field + (from == null && location != null ? ".location" : ".from");
    }

    /** The file's path below the document's directory, when it stays inside it. */
    public Optional<String> relativePath() {
        return source().flatMap(DocumentPaths::normalizeRelative);
    }

    /** The ConfigMap key holding the file: its base name. */
    public Optional<String> fileName() {
        return relativePath().map(DocumentPaths::baseName);
    }
}
