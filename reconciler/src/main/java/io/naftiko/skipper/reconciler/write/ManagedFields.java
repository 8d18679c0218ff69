package io.naftiko.skipper.reconciler.write;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a field manager owns on a live object, read from {@code metadata.managedFields} (FieldsV1), compared with
 * what it wants now. A field it owns and no longer sets must be released by a new apply (the API server then
 * removes it), even though every field it does set already has its value. Pure.
 */
public final class ManagedFields {

    private ManagedFields() {
    }

    /**
     * The paths of fields {@code manager} applied on {@code live} that {@code desired} no longer has, e.g.
     * {@code metadata.labels.team}. Map members only: a list Skipper sets is compared whole by
     * {@link io.naftiko.skipper.reconciler.desired.OwnedFields#covers}, so an item it drops already shows as drift.
     */
    public static List<String> released(JsonNode live, String manager, JsonNode desired) {
        List<String> released = new ArrayList<>();
        for (JsonNode entry : live.path("metadata").path("managedFields")) {
            if (manager.equals(entry.path("manager").asText()) && "Apply".equals(entry.path("operation").asText())) {
                walk(entry.path("fieldsV1"), desired, "", released);
            }
        }
        return released;
    }

    private static void walk(JsonNode owned, JsonNode desired, String path, List<String> released) {
        for (Map.Entry<String, JsonNode> field : owned.properties()) {
            if (!field.getKey().startsWith("f:")) {
                // "." (the node itself), "k:{…}" and "v:…" (list items): lists are compared whole elsewhere.
                continue;
            }
            String name = field.getKey().substring(2);
            String fieldPath = path.isEmpty() ? name : path + "." + name;
            JsonNode wanted = desired == null ? null : desired.get(name);
            if (wanted == null || wanted.isNull()) {
                if (!isIdentity(fieldPath)) {
                    released.add(fieldPath);
                }
            } else if (wanted.isObject()) {
                walk(field.getValue(), wanted, fieldPath, released);
            }
        }
    }

    /** Fields every object has, whichever manager is recorded for them. */
    private static boolean isIdentity(String path) {
        return path.equals("metadata.name") || path.equals("metadata.namespace") || path.equals("apiVersion") || path.equals("kind");
    }
}
