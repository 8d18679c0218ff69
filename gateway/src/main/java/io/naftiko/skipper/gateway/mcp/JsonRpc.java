package io.naftiko.skipper.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON-RPC 2.0 messages and the error codes MCP uses. */
public final class JsonRpc {

    /** Invalid JSON. */
    public static final int PARSE_ERROR = -32700;
    /** Not a valid request. */
    public static final int INVALID_REQUEST = -32600;
    /** No such method. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Invalid parameters, and an unknown tool. */
    public static final int INVALID_PARAMS = -32602;
    /** The server failed. */
    public static final int INTERNAL_ERROR = -32603;
    /** 2026-07-28: a routing header is missing or does not match the body. */
    public static final int HEADER_MISMATCH = -32020;
    /** 2026-07-28: the requested revision is not supported. */
    public static final int UNSUPPORTED_VERSION = -32022;
    /** The client is not authenticated (a transport-level error body for 401). */
    public static final int UNAUTHORIZED = -32001;

    private JsonRpc() {
    }

    /** {@code {"jsonrpc":"2.0","id":…,"result":…}}. */
    public static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode message = envelope(id);
        message.set("result", result);
        return message;
    }

    /** {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}. */
    public static ObjectNode error(JsonNode id, int code, String text) {
        ObjectNode message = envelope(id);
        ObjectNode error = message.putObject("error");
        error.put("code", code);
        error.put("message", text);
        return message;
    }

    /** An error with {@code data}. */
    public static ObjectNode error(JsonNode id, int code, String text, JsonNode data) {
        ObjectNode message = error(id, code, text);
        ((ObjectNode) message.get("error")).set("data", data);
        return message;
    }

    /** A request. */
    public static ObjectNode request(JsonNode id, String method, ObjectNode params) {
        ObjectNode message = envelope(id);
        message.put("method", method);
        message.set("params", params);
        return message;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put("jsonrpc", "2.0");
        message.set("id", id == null ? NullNode.getInstance() : id);
        return message;
    }
}
