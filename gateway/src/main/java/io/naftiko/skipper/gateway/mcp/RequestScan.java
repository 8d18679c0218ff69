package io.naftiko.skipper.gateway.mcp;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.util.Optional;

/**
 * What routing needs from a JSON-RPC request, read in one streaming pass that skips everything else (a tool's
 * arguments are never built into a tree): the method, the id, {@code params.name} and the revision in
 * {@code params._meta}. The 2026-07-28 routing headers are checked against these, as the revision requires.
 *
 * @param method      {@code method}
 * @param id          {@code id}, when the message is a request (not a notification)
 * @param toolName    {@code params.name}, when present
 * @param metaVersion {@code params._meta["io.modelcontextprotocol/protocolVersion"]}, when present
 */
public record RequestScan(String method, Optional<JsonNode> id, Optional<String> toolName, Optional<String> metaVersion) {

    private static final ObjectMapper JSON = Mappers.json();

    /** The body is not one JSON-RPC request or notification. */
    public static final class MalformedRequest extends Exception {
        private static final long serialVersionUID = 1L;

        /** With the JSON-RPC code to answer and a message for the client. */
        public MalformedRequest(int code, String message) {
            super(message);
            this.code = code;
        }

        private final int code;

        /** The JSON-RPC code to answer. */
        public int code() {
            return code;
        }
    }

    /** Whether the message is a notification (no id: answered 202 with no body). */
    public boolean isNotification() {
        return id.isEmpty();
    }

    /** Scans a body. */
    public static RequestScan of(byte[] body) throws MalformedRequest {
        String method = null;
        JsonNode id = null;
        String name = null;
        String version = null;
        try (JsonParser parser = JSON.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                throw new MalformedRequest(JsonRpc.INVALID_REQUEST, "batches are not supported; send one request per POST");
            }
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedRequest(JsonRpc.INVALID_REQUEST, "the body is not a JSON-RPC message");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "method" -> method = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "id" -> id = value == JsonToken.VALUE_NULL ? null : JSON.readTree(parser);
                    case "params" -> {
                        if (value == JsonToken.START_OBJECT) {
                            String[] found = scanParams(parser);
                            name = found[0];
                            version = found[1];
                        } else {
                            parser.skipChildren();
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new MalformedRequest(JsonRpc.PARSE_ERROR, "the body holds more than one JSON value");
            }
        } catch (IOException e) {
            throw new MalformedRequest(JsonRpc.PARSE_ERROR, "the body is not valid JSON");
        }
        if (method == null) {
            throw new MalformedRequest(JsonRpc.INVALID_REQUEST, "the message has no method");
        }
        if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
            throw new MalformedRequest(JsonRpc.INVALID_REQUEST, "the id must be a string or an integer");
        }
        return new RequestScan(method, Optional.ofNullable(id), Optional.ofNullable(name), Optional.ofNullable(version));
    }

    /** {@code params.name} and the {@code _meta} revision; the parser is on the START_OBJECT of params. */
    private static String[] scanParams(JsonParser parser) throws IOException {
        String[] found = new String[2];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("name".equals(field) && value == JsonToken.VALUE_STRING) {
                found[0] = parser.getText();
            } else if ("_meta".equals(field) && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    JsonToken metaValue = parser.nextToken();
                    if (McpHeaders.META_PROTOCOL_VERSION.equals(key) && metaValue == JsonToken.VALUE_STRING) {
                        found[1] = parser.getText();
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
        return found;
    }
}
