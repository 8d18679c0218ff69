package io.naftiko.skipper.api.expansion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Field-by-field defaulting over JSON trees: the user's value always wins. */
final class JsonDefaults {

    private JsonDefaults() {
    }

    /** Copies into {@code target} every field of {@code defaults} that {@code target} lacks, recursing into objects. */
    static void fillUnset(ObjectNode target, JsonNode defaults) {
        if (defaults == null || !defaults.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : defaults.properties()) {
            JsonNode mine = target.get(e.getKey());
            if (mine == null || mine.isNull()) {
                target.set(e.getKey(), e.getValue().deepCopy());
            } else if (mine.isObject() && e.getValue().isObject()) {
                fillUnset((ObjectNode) mine, e.getValue());
            }
        }
    }

    /**
     * Removes from {@code target} every leaf equal to the same leaf of {@code previousDefaults}, and
     * objects left empty: values a previous class filled in, so a new class can fill them again.
     */
    static void removeDefaulted(ObjectNode target, JsonNode previousDefaults) {
        if (previousDefaults == null || !previousDefaults.isObject()) {
            return;
        }
        List<String> emptied = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : previousDefaults.properties()) {
            JsonNode mine = target.get(e.getKey());
            if (mine == null) {
                continue;
            }
            if (mine.isObject() && e.getValue().isObject()) {
                removeDefaulted((ObjectNode) mine, e.getValue());
                if (mine.isEmpty()) {
                    emptied.add(e.getKey());
                }
            } else if (mine.equals(e.getValue())) {
                emptied.add(e.getKey());
            }
        }
        target.remove(emptied);
    }
}
