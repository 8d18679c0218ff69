package io.naftiko.skipper.api.ikanos;

import java.util.Map;
import java.util.Optional;

/**
 * One top-level {@code binds} entry: variables read from a secret file.
 *
 * @param field     its path in the document, e.g. {@code binds[0]}
 * @param namespace the bind's namespace
 * @param location  the file, as a {@code file://} URI
 * @param keys      variable name to key in the file
 */
public record Bind(String field, String namespace, String location, Map<String, String> keys) {

    /** Where the file lands in the pod, when the location is a usable {@code file://} URI. */
    public Optional<BindFile> file() {
        return BindFile.parse(location);
    }
}
