package io.naftiko.skipper.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.inventory.InventoryTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The gateway's MCP endpoint, both eras of Streamable HTTP, over values (no HTTP server here).
 *
 * <p>2026-07-28: stateless; every POST carries {@code MCP-Protocol-Version}, {@code Mcp-Method} (and {@code Mcp-Name}
 * for {@code tools/call}) and {@code params._meta}'s revision, all checked against the body by a streaming scan that
 * never builds the arguments into a tree; a missing or mismatched header is HTTP 400 with -32020.
 * {@code server/discover}, {@code tools/list} and {@code tools/call} are served; anything else is -32601.
 *
 * <p>2025 revisions: {@code initialize} negotiates a revision and returns a signed {@code Mcp-Session-Id} that any
 * replica accepts ({@link SessionTokens}); {@code ping}, {@code tools/list}, {@code tools/call} need it (missing: 400,
 * unknown or expired: 404, so the client initializes again). There is no GET stream: GET and DELETE are 405, and
 * {@code tools.listChanged} is false in both eras; 2026-07-28 clients get a short {@code ttlMs} on {@code tools/list}
 * instead, after which they list again.
 */
public final class McpEndpoint {

    /** Tools per {@code tools/list} page. */
    public static final int PAGE_SIZE = 500;
    /** How long a 2026-07-28 client may keep a {@code tools/list} answer before asking again. */
    public static final long LIST_TTL_MILLIS = 10_000;
    private static final String SERVER_NAME = "skipper-gateway";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Supplier<Inventory> inventory;
    private final ToolCaller caller;
    private final SessionTokens sessions;
    private final String version;

    /**
     * An endpoint.
     *
     * @param inventory the current inventory (read once per request)
     * @param caller    carries calls to capabilities
     * @param sessions  mints and checks 2025 session ids
     * @param version   the gateway's version, for {@code serverInfo}
     */
    public McpEndpoint(Supplier<Inventory> inventory, ToolCaller caller, SessionTokens sessions, String version) {
        this.inventory = inventory;
        this.caller = caller;
        this.sessions = sessions;
        this.version = version;
    }

    /** Answers one request. */
    public McpReply handle(McpRequest request) {
        if (!"POST".equals(request.httpMethod())) {
            return McpReply.json(405, Map.of("Allow", "POST"), JsonRpc.error(null, JsonRpc.INVALID_REQUEST,
                    "this endpoint has no event stream and no sessions to delete: use POST"));
        }
        Optional<String> declared = request.header(McpHeaders.PROTOCOL_VERSION);
        if (declared.isPresent() && ProtocolEra.of(declared.get()).isEmpty()) {
            return unsupported(null, declared.get());
        }
        return declared.filter(ProtocolEra.MODERN_VERSION::equals).isPresent() ? modern(request) : legacy(request, declared);
    }

    private McpReply modern(McpRequest request) {
        RequestScan scan;
        try {
            scan = RequestScan.of(request.body());
        } catch (RequestScan.MalformedRequest e) {
            return McpReply.json(400, JsonRpc.error(null, e.code(), e.getMessage()));
        }
        JsonNode id = scan.id().orElse(NullNode.getInstance());
        Optional<String> methodHeader = request.header(McpHeaders.METHOD);
        if (methodHeader.isEmpty()) {
            return headerError(id, "the " + McpHeaders.METHOD + " header is required by " + ProtocolEra.MODERN_VERSION);
        }
        if (!methodHeader.get().equals(scan.method())) {
            return headerError(id, "the " + McpHeaders.METHOD + " header (" + methodHeader.get() + ") does not match the body's method ("
                    + scan.method() + ")");
        }
        if (scan.isNotification()) {
            return McpReply.accepted();
        }
        if (!scan.metaVersion().filter(ProtocolEra.MODERN_VERSION::equals).isPresent()) {
            return headerError(id, "params._meta[\"" + McpHeaders.META_PROTOCOL_VERSION + "\"] must be " + ProtocolEra.MODERN_VERSION
                    + scan.metaVersion().map(v -> ", not " + v).orElse(" (it is missing)"));
        }
        return switch (scan.method()) {
            case "server/discover" -> McpReply.json(200, JsonRpc.result(id, discover()));
            case "tools/list" -> list(id, parse(request.body()).path("params").path("cursor"), ProtocolEra.MODERN);
            case "tools/call" -> {
                Optional<String> nameHeader = request.header(McpHeaders.NAME);
                if (nameHeader.isEmpty()) {
                    yield headerError(id, "the " + McpHeaders.NAME + " header is required on tools/call");
                }
                if (!nameHeader.equals(scan.toolName())) {
                    yield headerError(id, "the " + McpHeaders.NAME + " header (" + nameHeader.get() + ") does not match params.name ("
                            + scan.toolName().orElse("missing") + ")");
                }
                yield call(request, id, nameHeader.get(), ProtocolEra.MODERN);
            }
            default -> McpReply.json(404, JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "method not found: " + scan.method()
                    + (scan.method().equals("initialize") ? " (" + ProtocolEra.MODERN_VERSION + " has no handshake; call server/discover)" : "")));
        };
    }

    private McpReply legacy(McpRequest request, Optional<String> declared) {
        JsonNode message = parse(request.body());
        if (message == null || !message.isObject()) {
            return McpReply.json(400, JsonRpc.error(null, message == null ? JsonRpc.PARSE_ERROR : JsonRpc.INVALID_REQUEST,
                    message == null ? "the body is not valid JSON" : "send one JSON-RPC message per POST"));
        }
        String method = message.path("method").asText("");
        JsonNode id = message.get("id");
        if (method.isEmpty()) {
            return McpReply.json(400, JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "the message has no method"));
        }
        if (id == null || id.isNull()) {
            return McpReply.accepted();
        }
        if (method.equals("initialize")) {
            return initialize(id, message.path("params").path("protocolVersion").asText(""));
        }
        Optional<String> session = request.header(McpHeaders.SESSION_ID);
        if (session.isEmpty()) {
            return McpReply.json(400, JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "the " + McpHeaders.SESSION_ID
                    + " header is required: initialize first (or speak " + ProtocolEra.MODERN_VERSION + ", which needs no session)"));
        }
        Optional<String> negotiated = sessions.verify(session.get());
        if (negotiated.isEmpty()) {
            return McpReply.json(404, JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "the session is unknown or has expired: initialize again"));
        }
        if (declared.isPresent() && !declared.get().equals(negotiated.get())) {
            return McpReply.json(400, JsonRpc.error(id, JsonRpc.INVALID_REQUEST, "the " + McpHeaders.PROTOCOL_VERSION + " header ("
                    + declared.get() + ") is not the session's revision (" + negotiated.get() + ")"));
        }
        return switch (method) {
            case "ping" -> McpReply.json(200, JsonRpc.result(id, NODES.objectNode()));
            case "tools/list" -> list(id, message.path("params").path("cursor"), ProtocolEra.LEGACY);
            case "tools/call" -> call(request, id, message.path("params").path("name").asText(""), ProtocolEra.LEGACY);
            default -> McpReply.json(200, JsonRpc.error(id, JsonRpc.METHOD_NOT_FOUND, "method not found: " + method));
        };
    }

    private McpReply initialize(JsonNode id, String requested) {
        String negotiated = ProtocolEra.LEGACY_VERSIONS.contains(requested) ? requested : ProtocolEra.LEGACY_VERSIONS.get(0);
        ObjectNode result = NODES.objectNode();
        result.put("protocolVersion", negotiated);
        result.set("capabilities", capabilities());
        result.set("serverInfo", serverInfo());
        result.put("instructions", instructions());
        return McpReply.json(200, Map.of(McpHeaders.SESSION_ID, sessions.mint(negotiated)), JsonRpc.result(id, result));
    }

    private ObjectNode discover() {
        ObjectNode result = NODES.objectNode();
        ArrayNode versions = result.putArray("supportedVersions");
        ProtocolEra.supportedVersions().forEach(versions::add);
        result.set("capabilities", capabilities());
        result.set("serverInfo", serverInfo());
        result.put("instructions", instructions());
        result.putObject("_meta").set(McpHeaders.META_SERVER_INFO, serverInfo());
        return ToolResults.complete(result, ProtocolEra.MODERN);
    }

    private McpReply list(JsonNode id, JsonNode cursor, ProtocolEra era) {
        List<InventoryTool> offered = inventory.get().offered();
        int start = 0;
        if (!cursor.isMissingNode() && !cursor.isNull()) {
            Optional<Integer> offset = offset(cursor.asText(""));
            if (offset.isEmpty() || offset.get() > offered.size()) {
                return McpReply.json(200, JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "the cursor is not one this gateway gave"));
            }
            start = offset.get();
        }
        ObjectNode result = NODES.objectNode();
        ArrayNode tools = result.putArray("tools");
        int end = Math.min(offered.size(), start + PAGE_SIZE);
        for (InventoryTool tool : offered.subList(start, end)) {
            ObjectNode entry = tools.addObject();
            entry.put("name", tool.exposedName());
            if (!tool.tool().description().isEmpty()) {
                entry.put("description", tool.tool().description());
            }
            entry.set("inputSchema", tool.tool().inputSchema());
            entry.putObject("_meta").put(McpHeaders.META_CAPABILITY, tool.target().key());
        }
        if (end < offered.size()) {
            result.put("nextCursor", Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + end).getBytes(StandardCharsets.UTF_8)));
        }
        if (era == ProtocolEra.MODERN) {
            result.put("ttlMs", LIST_TTL_MILLIS);
            result.put("cacheScope", "private");
        }
        return McpReply.json(200, JsonRpc.result(id, ToolResults.complete(result, era)));
    }

    private McpReply call(McpRequest request, JsonNode id, String name, ProtocolEra era) {
        Optional<InventoryTool> tool = inventory.get().find(name);
        if (tool.isEmpty()) {
            return McpReply.json(200, JsonRpc.error(id, JsonRpc.INVALID_PARAMS, "unknown tool: " + name));
        }
        if (!tool.get().target().health().isReady()) {
            var health = tool.get().target().health();
            return McpReply.json(200, JsonRpc.result(id, ToolResults.error("tool " + name + " is withheld: capability "
                    + tool.get().target().key() + " is " + health.state().word() + ": " + health.reason(), era)));
        }
        return caller.call(new ToolCall(tool.get(), request.subject(), era, id, request.body()));
    }

    private ObjectNode capabilities() {
        ObjectNode capabilities = NODES.objectNode();
        capabilities.putObject("tools").put("listChanged", false);
        return capabilities;
    }

    private ObjectNode serverInfo() {
        ObjectNode info = NODES.objectNode();
        info.put("name", SERVER_NAME);
        info.put("version", version);
        return info;
    }

    private static String instructions() {
        return "One entry point over the tools of every Ready Naftiko capability in scope; a tool whose name another capability"
                + " also uses is named {capability}__{tool}.";
    }

    private McpReply headerError(JsonNode id, String message) {
        return McpReply.json(400, JsonRpc.error(id, JsonRpc.HEADER_MISMATCH, message));
    }

    private static McpReply unsupported(JsonNode id, String requested) {
        ObjectNode data = NODES.objectNode();
        ArrayNode supported = data.putArray("supported");
        ProtocolEra.supportedVersions().forEach(supported::add);
        data.put("requested", requested);
        return McpReply.json(400, JsonRpc.error(id, JsonRpc.UNSUPPORTED_VERSION, "unsupported protocol version: " + requested, data));
    }

    private static Optional<Integer> offset(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return text.startsWith("o:") ? Optional.of(Integer.parseInt(text.substring(2))).filter(n -> n >= 0) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Mappers.json().readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
