package io.naftiko.skipper.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.gateway.inventory.InventoryTool;

/**
 * A {@code tools/call} for a tool the inventory offers.
 *
 * @param tool      the tool, with the capability serving it
 * @param subject   who asks
 * @param clientEra the era the client speaks
 * @param id        the request's id (the answer carries it)
 * @param body      the client's request as it arrived
 */
public record ToolCall(InventoryTool tool, String subject, ProtocolEra clientEra, JsonNode id, byte[] body) {
}
