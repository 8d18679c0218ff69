package io.naftiko.skipper.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fields removed from every event before it is stored, named as OPA's own masking rules name them: a JSON pointer
 * such as {@code /input/headers/authorization}, where a segment {@code *} stands for every member or element
 * ({@code /input/users/{@literal *}/password}). What was removed is added to the event's {@code erased} list, as OPA
 * does for what its policy masks, so a reader knows the field existed. Only what a policy sees or says can be
 * dropped ({@code input}, {@code result} and OPA's caches of them); the fields the audit files a decision under
 * cannot.
 */
public final class FieldDrops {

    /** The event members whose contents may be dropped. */
    public static final Set<String> DROPPABLE = Set.of("input", "result", "mapped_result", "nd_builtin_cache",
            "request_context", "intermediate_results", "custom");
    private static final int MAX_PATHS = 64;
    private static final int MAX_DEPTH = 32;
    private static final FieldDrops NONE = new FieldDrops(List.of());

    private final List<List<String>> paths;

    private FieldDrops(List<List<String>> paths) {
        this.paths = paths;
    }

    /** Drops nothing. */
    public static FieldDrops none() {
        return NONE;
    }

    /**
     * The drops of configured pointers.
     *
     * @throws AuditInputException naming the first pointer that is not one ({@code /input/…}), reaches a field the
     *                             audit needs, or is one too many
     */
    public static FieldDrops of(List<String> pointers) throws AuditInputException {
        if (pointers.size() > MAX_PATHS) {
            throw new AuditInputException(pointers.size() + " fields to drop; at most " + MAX_PATHS);
        }
        List<List<String>> parsed = new ArrayList<>();
        for (String pointer : pointers) {
            if (!pointer.startsWith("/") || pointer.length() == 1) {
                throw new AuditInputException("field to drop " + pointer + ": a JSON pointer such as /input/password");
            }
            List<String> segments = new ArrayList<>();
            for (String raw : pointer.substring(1).split("/", -1)) {
                if (raw.isEmpty()) {
                    throw new AuditInputException("field to drop " + pointer + ": an empty segment");
                }
                segments.add(raw.replace("~1", "/").replace("~0", "~"));
            }
            if (segments.size() > MAX_DEPTH) {
                throw new AuditInputException("field to drop " + pointer + ": deeper than " + MAX_DEPTH + " segments");
            }
            if (!DROPPABLE.contains(segments.get(0))) {
                throw new AuditInputException("field to drop " + pointer + ": only fields under " + String.join(", ",
                        DROPPABLE.stream().sorted().map(name -> "/" + name).toList()) + " may be dropped; "
                        + "the others say which Warden decided what, when");
            }
            parsed.add(List.copyOf(segments));
        }
        return new FieldDrops(List.copyOf(parsed));
    }

    /** Whether anything is dropped. */
    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /** Removes the configured fields from an event and records each one removed in its {@code erased} list. */
    public void apply(ObjectNode event) {
        List<String> erased = new ArrayList<>();
        for (List<String> path : paths) {
            remove(event, path, 0, new StringBuilder(), erased);
        }
        if (!erased.isEmpty()) {
            JsonNode existing = event.get("erased");
            ArrayNode list = existing instanceof ArrayNode array ? array : event.putArray("erased");
            erased.forEach(list::add);
        }
    }

    private static void remove(JsonNode node, List<String> path, int depth, StringBuilder at, List<String> erased) {
        String segment = path.get(depth);
        boolean last = depth == path.size() - 1;
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> members = object.fields();
            while (members.hasNext()) {
                Map.Entry<String, JsonNode> member = members.next();
                if (segment.equals("*") || segment.equals(member.getKey())) {
                    int mark = at.length();
                    at.append('/').append(member.getKey().replace("~", "~0").replace("/", "~1"));
                    if (last) {
                        members.remove();
                        erased.add(at.toString());
                    } else {
                        remove(member.getValue(), path, depth + 1, at, erased);
                    }
                    at.setLength(mark);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (segment.equals("*") || segment.equals(String.valueOf(i))) {
                    int mark = at.length();
                    at.append('/').append(i);
                    if (last) {
                        array.remove(i);
                        erased.add(at.toString());
                    } else {
                        remove(array.get(i), path, depth + 1, at, erased);
                    }
                    at.setLength(mark);
                }
            }
        }
    }
}
