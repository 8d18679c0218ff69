package io.naftiko.skipper.api.ikanos;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A read-only view of an ikanos capability document that never loses what it does not know.
 *
 * <p>It keeps the text exactly as written ({@link #text()}), which is what goes into the
 * engine's ConfigMap, and a JSON tree of it for reading. Accessors read the parts Skipper
 * acts on; everything else (tools, prompts, aggregates, fields of future engine versions)
 * stays in the text and the tree untouched.
 */
public final class IkanosDocument {

    private volatile String text;
    private final ObjectNode tree;

    private IkanosDocument(String text, ObjectNode tree) {
        this.text = text;
        this.tree = tree;
    }

    /**
     * Reads a document from its YAML (or JSON) text, keeping the text byte for byte.
     *
     * @throws DocumentException when the text is not one YAML mapping
     */
    public static IkanosDocument parse(String text) throws DocumentException {
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = Mappers.yaml().createParser(text)) {
            // One readTree per YAML document: a root-level list must stay one value, not be iterated.
            for (JsonNode node = Mappers.yaml().readTree(parser); node != null; node = Mappers.yaml().readTree(parser)) {
                if (!node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
        } catch (JacksonException e) {
            throw new DocumentException("not valid YAML: " + describe(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (documents.isEmpty()) {
            throw new DocumentException("the document is empty");
        }
        if (documents.size() > 1) {
            throw new DocumentException("expected one YAML document, found " + documents.size());
        }
        if (!(documents.get(0) instanceof ObjectNode object)) {
            throw new DocumentException("expected a YAML mapping at the top, found " + kind(documents.get(0)));
        }
        return new IkanosDocument(text, object);
    }

    /**
     * Wraps an inline document from a Capability's spec (the caller must not change the tree afterwards);
     * its text is the tree serialized once as YAML, when first asked for (admission reads the tree
     * only, and serializing was its costliest step).
     */
    public static IkanosDocument fromTree(ObjectNode tree) {
        // No copy: the view never changes the tree, and tree() hands out copies.
        return new IkanosDocument(null, tree);
    }

    /** The document's text exactly as it was given (for an inline document: its YAML serialization). */
    public String text() {
        String current = text;
        if (current == null) {
            try {
                current = Mappers.documentYaml().writeValueAsString(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serializes", e);
            }
            text = current;
        }
        return current;
    }

    /** A copy of the parsed tree. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** The node at a path of field names, or a missing node. */
    public JsonNode at(String... fields) {
        JsonNode node = tree;
        for (String field : fields) {
            node = node.path(field);
        }
        return node;
    }

    /** Whether this is a capability (it has a {@code capability} mapping), not e.g. an imported consumes file. */
    public boolean isCapability() {
        return tree.path("capability").isObject();
    }

    /** The ikanos version the document declares. */
    public Optional<String> ikanosVersion() {
        return text(tree.path("ikanos"));
    }

    /** The {@code info} block. */
    public Info info() {
        JsonNode info = tree.path("info");
        if (!info.isObject()) {
            return Info.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        info.path("labels").properties().forEach(e -> {
            if (e.getValue().isValueNode()) {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        return new Info(text(info.path("display")).orElse(null), text(info.path("label")).orElse(null),
                Collections.unmodifiableMap(labels), text(info.path("description")).orElse(null));
    }

    /** Entries of {@code capability.exposes} that are mappings, in order. */
    public List<Expose> exposes() {
        List<Expose> exposes = new ArrayList<>();
        forEachObject("capability.exposes", tree.path("capability").path("exposes"), (field, node) -> {
            List<String> tags = new ArrayList<>();
            node.path("tags").forEach(tag -> text(tag).ifPresent(tags::add));
            JsonNode port = node.get("port");
            exposes.add(new Expose(field, text(node.path("type")).orElse(null), port,
                    text(node.path("namespace")).orElse(null), text(node.path("address")).orElse(null),
                    text(node.path("transport")).orElse(null), List.copyOf(tags)));
        });
        return exposes;
    }

    /** Entries of {@code capability.consumes} and top-level {@code consumes} that import a file. */
    public List<Import> imports() {
        List<Import> imports = new ArrayList<>();
        forEachConsumes((field, node) -> {
            if (node.has("import")) {
                imports.add(new Import(field, text(node.path("import")).orElse(null),
                        text(node.path("from")).orElse(null), text(node.path("location")).orElse(null)));
            }
        });
        return imports;
    }

    /** Namespaces declared by {@code consumes} entries (inline {@code namespace} or {@code import}), with their fields. */
    public Map<String, List<String>> consumedNamespaces() {
        Map<String, List<String>> namespaces = new LinkedHashMap<>();
        forEachConsumes((field, node) -> {
            String key = node.has("import") ? "import" : "namespace";
            text(node.path(key)).ifPresent(ns -> namespaces.computeIfAbsent(ns, k -> new ArrayList<>())
                    .add(field + "." + key));
        });
        return namespaces;
    }

    /** Entries of top-level {@code binds} that are mappings, in order. */
    public List<Bind> binds() {
        List<Bind> binds = new ArrayList<>();
        forEachObject("binds", tree.path("binds"), (field, node) -> {
            Map<String, String> keys = new LinkedHashMap<>();
            node.path("keys").properties().forEach(e -> text(e.getValue()).ifPresent(v -> keys.put(e.getKey(), v)));
            binds.add(new Bind(field, text(node.path("namespace")).orElse(null),
                    text(node.path("location")).orElse(null), Collections.unmodifiableMap(keys)));
        });
        return binds;
    }

    private void forEachConsumes(NodeVisitor visitor) {
        forEachObject("capability.consumes", tree.path("capability").path("consumes"), visitor);
        forEachObject("consumes", tree.path("consumes"), visitor);
    }

    private static void forEachObject(String field, JsonNode list, NodeVisitor visitor) {
        if (!list.isArray()) {
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).isObject()) {
                visitor.visit(field + "[" + i + "]", list.get(i));
            }
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node.isValueNode() && !node.isNull() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** Describes a node's kind for an error message. */
    public static String kind(JsonNode node) {
        if (node == null || node instanceof MissingNode) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "a mapping";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String describe(JacksonException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
            Mark mark = yaml.getProblemMark();
            String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
            return where + yaml.getProblem() + (yaml.getContext() == null ? "" : " (" + yaml.getContext() + ")");
        }
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        message = message.lines().findFirst().orElse(message).trim();
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 0 ? message
                : "line " + location.getLineNr() + ", column " + location.getColumnNr() + ": " + message;
    }

    @FunctionalInterface
    private interface NodeVisitor {
        void visit(String field, JsonNode node);
    }
}
