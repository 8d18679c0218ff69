package io.naftiko.skipper.api.admission;

import io.naftiko.skipper.api.ikanos.IkanosDocument;

/**
 * A Capability's document, found.
 *
 * @param document the document
 * @param root     prefix of its field paths in messages: {@code spec.} inline,
 *                 {@code configmaps/NAME[KEY]:} when referenced
 */
public record ResolvedDocument(IkanosDocument document, String root) {

    /** Field prefix of an inline document. */
    public static final String INLINE_ROOT = "spec.";

    /** Field prefix of a document held in a ConfigMap. */
    public static String configMapRoot(String name, String key) {
        return "configmaps/" + name + "[" + key + "]:";
    }
}
