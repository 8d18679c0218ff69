package io.naftiko.skipper.api.ikanos;

import java.util.Map;
import java.util.Optional;

/**
 * The document's {@code info} block, as far as Skipper reads it.
 *
 * @param display     the current title field
 * @param label       the older title field (deprecated)
 * @param labels      {@code info.labels}, e.g. {@code naftiko.io/tier}
 * @param description free text
 */
public record Info(String display, String label, Map<String, String> labels, String description) {

    /** An info block with nothing in it. */
    public static Info empty() {
        return new Info(null, null, Map.of(), null);
    }

    /** The title to show: {@code display}, else the older {@code label}. */
    public Optional<String> title() {
        return Optional.ofNullable(display).or(() -> Optional.ofNullable(label));
    }
}
