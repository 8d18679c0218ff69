package io.naftiko.skipper.gateway.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One MCP tool as a capability offers it.
 *
 * @param name        its name on the capability
 * @param description what it does, as its author wrote it (may be empty)
 * @param inputSchema the JSON Schema of its arguments (an object schema)
 */
public record ToolDefinition(String name, String description, ObjectNode inputSchema) {
}
