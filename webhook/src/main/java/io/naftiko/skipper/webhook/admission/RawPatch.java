package io.naftiko.skipper.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.EnumSet;
import java.util.Map;

/**
 * JSON Patches computed from the raw request object: only the subtrees mutation owns are replaced,
 * and inside them a value equal in meaning to what the user wrote ({@code 1} and {@code "1"}) keeps
 * the user's form. So nothing the user sent is removed or rewritten by a typed round-trip, and an
 * object that needs nothing gets an empty patch.
 */
final class RawPatch {

    private static final EnumSet<DiffFlags> FLAGS = EnumSet.of(DiffFlags.OMIT_MOVE_OPERATION, DiffFlags.OMIT_COPY_OPERATION);

    private RawPatch() {
    }

    /** The RFC 6902 patch from {@code raw} to {@code target}: add, remove and replace operations only. */
    static ArrayNode diff(JsonNode raw, JsonNode target) {
        return (ArrayNode) JsonDiff.asJson(raw, target, FLAGS);
    }

    /**
     * Appends the operations that make the object member at {@code parent}/{@code member} of
     * {@code raw} equal {@code desired}, creating {@code parent} if it is missing. Only that member is
     * compared, so the rest of a large object costs nothing.
     *
     * @param parent JSON Pointer of an object directly below the root ({@code /spec}, {@code /metadata})
     */
    static void setMember(ArrayNode patch, JsonNode raw, String parent, String member, JsonNode desired) {
        JsonNode container = raw.at(parent);
        String path = parent + "/" + escape(member);
        if (!container.isObject()) {
            ObjectNode created = patch.objectNode();
            created.set(member, desired);
            patch.addObject().put("op", "add").put("path", parent).set("value", created);
            return;
        }
        JsonNode current = container.get(member);
        if (current == null) {
            patch.addObject().put("op", "add").put("path", path).set("value", desired);
            return;
        }
        for (JsonNode operation : diff(current, preferRaw(current, desired))) {
            ObjectNode prefixed = ((ObjectNode) operation).deepCopy();
            prefixed.put("path", path + operation.path("path").asText());
            patch.add(prefixed);
        }
    }

    /** JSON Pointer escaping of one reference token (RFC 6901). */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** {@code desired}, except where {@code raw} says the same thing in another form: there, {@code raw}. */
    static JsonNode preferRaw(JsonNode raw, JsonNode desired) {
        if (raw == null || raw.isMissingNode() || raw.isNull()) {
            return desired;
        }
        if (raw.isObject() && desired.isObject()) {
            ObjectNode merged = ((ObjectNode) desired).deepCopy();
            for (Map.Entry<String, JsonNode> field : desired.properties()) {
                merged.set(field.getKey(), preferRaw(raw.get(field.getKey()), field.getValue()));
            }
            return merged;
        }
        if (raw.isArray() && desired.isArray() && raw.size() == desired.size()) {
            ArrayNode merged = ((ArrayNode) desired).deepCopy();
            for (int i = 0; i < desired.size(); i++) {
                merged.set(i, preferRaw(raw.get(i), desired.get(i)));
            }
            return merged;
        }
        if (raw.isValueNode() && desired.isValueNode() && raw.asText().equals(desired.asText())) {
            return raw;
        }
        return desired;
    }
}
