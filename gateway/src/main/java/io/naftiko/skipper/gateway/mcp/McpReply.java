package io.naftiko.skipper.gateway.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import java.util.Map;

/**
 * What the MCP endpoint answers.
 *
 * @param status  the HTTP status
 * @param headers headers to set (besides {@code Content-Type: application/json} when there is a body)
 * @param body    the JSON body, or empty
 */
public record McpReply(int status, Map<String, String> headers, byte[] body) {

    /** A JSON-RPC message with a status. */
    public static McpReply json(int status, JsonNode message) {
        return json(status, Map.of(), message);
    }

    /** A JSON-RPC message with a status and headers. */
    public static McpReply json(int status, Map<String, String> headers, JsonNode message) {
        try {
            return new McpReply(status, headers, Mappers.json().writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    /** {@code 202 Accepted}, no body: a notification. */
    public static McpReply accepted() {
        return new McpReply(202, Map.of(), new byte[0]);
    }
}
