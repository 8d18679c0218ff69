package io.naftiko.skipper.gateway.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tools an ikanos document declares on its MCP exposes ({@code capability.exposes[type=mcp].tools}), with their
 * input parameters turned into JSON Schema, so the gateway can list a capability's tools before it can ask it.
 */
public final class DocumentTools {

    /** The JSON Schema types an ikanos parameter type maps to as written; anything else is left untyped. */
    private static final Set<String> SCHEMA_TYPES = Set.of("string", "number", "integer", "boolean", "object", "array");

    private DocumentTools() {
    }

    /** The tools of every MCP expose, in document order (a tool named twice is kept once, the first). */
    public static List<ToolDefinition> of(IkanosDocument document) {
        List<ToolDefinition> tools = new ArrayList<>();
        for (JsonNode expose : document.at("capability", "exposes")) {
            if (!"mcp".equals(expose.path("type").asText())) {
                continue;
            }
            JsonNode declared = expose.path("tools");
            if (declared.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    add(tools, entry.getKey(), entry.getValue());
                }
            } else if (declared.isArray()) {
                for (JsonNode tool : declared) {
                    add(tools, tool.path("name").asText(""), tool);
                }
            }
        }
        return List.copyOf(tools);
    }

    private static void add(List<ToolDefinition> tools, String name, JsonNode tool) {
        if (name.isEmpty() || tools.stream().anyMatch(t -> t.name().equals(name))) {
            return;
        }
        tools.add(new ToolDefinition(name, tool.path("description").asText(""), inputSchema(tool.path("inputParameters"))));
    }

    /** The schema of a tool without parameters: {@code {type: object, properties: {}}}. */
    public static ObjectNode emptySchema() {
        return inputSchema(MissingNode.getInstance());
    }

    /** {@code {type: object, properties: {…}, required: […]}} from a map (or list) of ikanos input parameters. */
    static ObjectNode inputSchema(JsonNode parameters) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JsonNodeFactory.instance.arrayNode();
        if (parameters.isObject()) {
            parameters.fields().forEachRemaining(e -> property(properties, required, e.getKey(), e.getValue()));
        } else if (parameters.isArray()) {
            parameters.forEach(p -> property(properties, required, p.path("name").asText(""), p));
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static void property(ObjectNode properties, ArrayNode required, String name, JsonNode parameter) {
        if (name.isEmpty()) {
            return;
        }
        ObjectNode property = properties.putObject(name);
        String type = parameter.path("type").asText("");
        if (SCHEMA_TYPES.contains(type)) {
            property.put("type", type);
        }
        if (parameter.path("description").isTextual()) {
            property.put("description", parameter.path("description").asText());
        }
        if (parameter.path("required").asBoolean(false)) {
            required.add(name);
        }
    }
}
