package io.naftiko.skipper.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.DocumentTools;
import io.naftiko.skipper.gateway.inventory.ToolDefinition;
import io.naftiko.skipper.gateway.mcp.JsonRpc;
import io.naftiko.skipper.gateway.mcp.McpHeaders;
import io.naftiko.skipper.gateway.mcp.ProtocolEra;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * MCP toward the capabilities, in the era each speaks: it asks {@code server/discover} first and falls back to the
 * 2025 {@code initialize} handshake, remembers the answer per capability, and keeps one 2025 session per capability
 * (initializing again when the capability forgets it). It presents each capability's own bearer token, which never
 * leaves this class: not in a log, an exception or an answer to a client.
 */
public final class UpstreamClient {

    /** The largest answer relayed from a capability. */
    public static final long MAX_REPLY_BYTES = 8L * 1024 * 1024;
    private static final String CLIENT_NAME = "skipper-gateway";

    /** What the gateway knows of how to speak to one capability. */
    private record Link(URI endpoint, ProtocolEra era, String version, Optional<String> session) {
    }

    /**
     * A capability's answer to a call.
     *
     * @param message the JSON-RPC response (its id is the caller's)
     */
    public record Reply(ObjectNode message) {
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Function<CapabilityTarget, Optional<String>> tokens;
    private final String version;
    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    /**
     * A client.
     *
     * @param http    the HTTP client (its connect timeout applies)
     * @param timeout how long one exchange with a capability may take
     * @param tokens  each capability's MCP bearer token, when its expose demands one
     * @param version the gateway's version, for {@code clientInfo}
     */
    public UpstreamClient(HttpClient http, Duration timeout, Function<CapabilityTarget, Optional<String>> tokens, String version) {
        this.http = http;
        this.timeout = timeout;
        this.tokens = tokens;
        this.version = version;
    }

    /** The era a capability speaks, asking it when not known yet. */
    public ProtocolEra era(CapabilityTarget target) throws UpstreamException {
        return link(target).era();
    }

    /** Forgets capabilities no longer in scope. */
    public void retain(Set<String> keys) {
        links.keySet().retainAll(keys);
    }

    /** The capability's own {@code tools/list}, every page. */
    public List<ToolDefinition> listTools(CapabilityTarget target) throws UpstreamException {
        List<ToolDefinition> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 100; page++) {
            ObjectNode params = JsonNodeFactory.instance.objectNode();
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            JsonNode result = exchange(target, "tools/list", null, params, IntNode.valueOf(0)).path("result");
            for (JsonNode tool : result.path("tools")) {
                ObjectNode schema = tool.path("inputSchema").isObject() ? (ObjectNode) tool.get("inputSchema")
                        : DocumentTools.emptySchema();
                tools.add(new ToolDefinition(tool.path("name").asText(""), tool.path("description").asText(""), schema));
            }
            cursor = result.path("nextCursor").asText(null);
            if (cursor == null) {
                break;
            }
        }
        return tools.stream().filter(t -> !t.name().isEmpty()).toList();
    }

    /**
     * Calls a tool.
     *
     * @param target     the capability
     * @param toolName   the tool's name on the capability
     * @param id         the caller's request id, which the reply carries
     * @param clientBody the client's request as it arrived
     * @param relayable  whether that request may go to a 2026-07-28 capability unchanged (the client speaks that
     *                   revision and the tool keeps its name): then it is not parsed at all
     */
    public Reply callTool(CapabilityTarget target, String toolName, JsonNode id, byte[] clientBody, boolean relayable)
            throws UpstreamException {
        Link link = link(target);
        if (relayable && link.era() == ProtocolEra.MODERN) {
            return new Reply(withId(post(target, link, "tools/call", toolName, clientBody, true), id));
        }
        ObjectNode params = params(clientBody);
        params.put("name", toolName);
        return new Reply(withId(exchange(target, "tools/call", toolName, params, id), id));
    }

    private static ObjectNode params(byte[] body) {
        try {
            JsonNode request = Mappers.json().readTree(body);
            return request.path("params").isObject() ? (ObjectNode) request.get("params") : JsonNodeFactory.instance.objectNode();
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    private ObjectNode exchange(CapabilityTarget target, String method, String name, ObjectNode params, JsonNode id)
            throws UpstreamException {
        Link link = link(target);
        ObjectNode message = JsonRpc.request(id, method, withMeta(params, link));
        try {
            return post(target, link, method, name, Mappers.json().writeValueAsBytes(message), true);
        } catch (IOException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    private ObjectNode withMeta(ObjectNode params, Link link) {
        ObjectNode copy = params.deepCopy();
        if (link.era() == ProtocolEra.MODERN) {
            ObjectNode meta = copy.with("_meta");
            meta.put(McpHeaders.META_PROTOCOL_VERSION, ProtocolEra.MODERN_VERSION);
            if (!meta.has(McpHeaders.META_CLIENT_CAPABILITIES)) {
                meta.putObject(McpHeaders.META_CLIENT_CAPABILITIES);
            }
            meta.putObject(McpHeaders.META_CLIENT_INFO).put("name", CLIENT_NAME).put("version", version);
        } else if (copy.path("_meta").isObject()) {
            ObjectNode meta = (ObjectNode) copy.get("_meta");
            meta.remove(List.of(McpHeaders.META_PROTOCOL_VERSION, McpHeaders.META_CLIENT_CAPABILITIES, McpHeaders.META_CLIENT_INFO));
            if (meta.isEmpty()) {
                copy.remove("_meta");
            }
        }
        return copy;
    }

    /** Posts one request; a 2025 capability that forgot its session gets one new handshake and the request again. */
    private ObjectNode post(CapabilityTarget target, Link link, String method, String name, byte[] body, boolean mayRenew)
            throws UpstreamException {
        HttpRequest.Builder request = base(target, link.endpoint()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (link.era() == ProtocolEra.MODERN) {
            request.header(McpHeaders.PROTOCOL_VERSION, ProtocolEra.MODERN_VERSION).header(McpHeaders.METHOD, method);
            if (name != null) {
                request.header(McpHeaders.NAME, name);
            }
        } else {
            request.header(McpHeaders.PROTOCOL_VERSION, link.version());
            link.session().ifPresent(s -> request.header(McpHeaders.SESSION_ID, s));
        }
        Answer answer = send(target, request.build());
        if (answer.status() == 404 && link.era() == ProtocolEra.LEGACY && link.session().isPresent() && mayRenew) {
            links.remove(target.key());
            Link renewed = link(target);
            return post(target, renewed, method, name, body, false);
        }
        if (answer.status() == 401 || answer.status() == 403) {
            links.remove(target.key());
            throw new UpstreamException(UpstreamException.Reason.CREDENTIALS_REFUSED, "capability " + target.key()
                    + " refused the gateway's credentials (HTTP " + answer.status() + ")");
        }
        Optional<ObjectNode> message = answer.message();
        if (message.isEmpty() || !(message.get().has("result") || message.get().has("error"))) {
            throw new UpstreamException(UpstreamException.Reason.NOT_MCP, "capability " + target.key() + " answered " + method
                    + " with HTTP " + answer.status() + " and no JSON-RPC response");
        }
        return message.get();
    }

    private Link link(CapabilityTarget target) throws UpstreamException {
        Link known = links.get(target.key());
        URI endpoint = target.endpoint().orElseThrow(() -> new UpstreamException(UpstreamException.Reason.UNREACHABLE,
                "capability " + target.key() + " has no MCP endpoint"));
        if (known != null && known.endpoint().equals(endpoint)) {
            return known;
        }
        Link found = discover(target, endpoint);
        links.put(target.key(), found);
        return found;
    }

    private Link discover(CapabilityTarget target, URI endpoint) throws UpstreamException {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        meta.put(McpHeaders.META_PROTOCOL_VERSION, ProtocolEra.MODERN_VERSION);
        meta.putObject(McpHeaders.META_CLIENT_CAPABILITIES);
        meta.putObject(McpHeaders.META_CLIENT_INFO).put("name", CLIENT_NAME).put("version", version);
        ObjectNode params = JsonNodeFactory.instance.objectNode();
        params.set("_meta", meta);
        Answer discovered = send(target, base(target, endpoint)
                .header(McpHeaders.PROTOCOL_VERSION, ProtocolEra.MODERN_VERSION).header(McpHeaders.METHOD, "server/discover")
                .POST(body(JsonRpc.request(TextNode.valueOf("discover-" + ids.incrementAndGet()), "server/discover", params))).build());
        refuseCredentials(target, discovered);
        boolean modern = discovered.status() == 200 && discovered.message()
                .map(m -> m.path("result").path("supportedVersions"))
                .filter(v -> v.isArray() && v.toString().contains("\"" + ProtocolEra.MODERN_VERSION + "\"")).isPresent();
        if (modern) {
            return new Link(endpoint, ProtocolEra.MODERN, ProtocolEra.MODERN_VERSION, Optional.empty());
        }
        ObjectNode init = JsonNodeFactory.instance.objectNode();
        init.put("protocolVersion", ProtocolEra.LEGACY_VERSIONS.get(0));
        init.putObject("capabilities");
        init.putObject("clientInfo").put("name", CLIENT_NAME).put("version", version);
        Answer initialized = send(target, base(target, endpoint)
                .POST(body(JsonRpc.request(TextNode.valueOf("init-" + ids.incrementAndGet()), "initialize", init))).build());
        refuseCredentials(target, initialized);
        String negotiated = initialized.message().map(m -> m.path("result").path("protocolVersion").asText("")).orElse("");
        if (initialized.status() != 200 || !ProtocolEra.LEGACY_VERSIONS.contains(negotiated)) {
            throw new UpstreamException(UpstreamException.Reason.NOT_MCP, "capability " + target.key()
                    + " speaks neither " + ProtocolEra.MODERN_VERSION + " (server/discover: HTTP " + discovered.status()
                    + ") nor a 2025 revision (initialize: HTTP " + initialized.status() + ")");
        }
        Optional<String> session = initialized.header(McpHeaders.SESSION_ID);
        HttpRequest.Builder done = base(target, endpoint).header(McpHeaders.PROTOCOL_VERSION, negotiated)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"));
        session.ifPresent(s -> done.header(McpHeaders.SESSION_ID, s));
        send(target, done.build());
        return new Link(endpoint, ProtocolEra.LEGACY, negotiated, session);
    }

    private static void refuseCredentials(CapabilityTarget target, Answer answer) throws UpstreamException {
        if (answer.status() == 401 || answer.status() == 403) {
            throw new UpstreamException(UpstreamException.Reason.CREDENTIALS_REFUSED, "capability " + target.key()
                    + " refused the gateway's credentials (HTTP " + answer.status() + ")");
        }
    }

    private HttpRequest.Builder base(CapabilityTarget target, URI endpoint) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        tokens.apply(target).ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder;
    }

    private static HttpRequest.BodyPublisher body(JsonNode message) {
        try {
            return HttpRequest.BodyPublishers.ofByteArray(Mappers.json().writeValueAsBytes(message));
        } catch (IOException e) {
            throw new IllegalStateException("a tree always serializes", e);
        }
    }

    /** A capability's HTTP answer, read within {@link #MAX_REPLY_BYTES}. */
    private record Answer(int status, HttpResponse<?> response, byte[] body) {

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        /** The JSON-RPC response in the body: the JSON object, or the last response among an SSE stream's events. */
        Optional<ObjectNode> message() {
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String text = new String(body, StandardCharsets.UTF_8);
            if (contentType.startsWith("text/event-stream")) {
                ObjectNode last = null;
                for (String event : text.split("\r?\n\r?\n")) {
                    StringBuilder data = new StringBuilder();
                    event.lines().filter(l -> l.startsWith("data:")).forEach(l -> data.append(l.substring(5).strip()));
                    Optional<ObjectNode> parsed = parse(data.toString());
                    if (parsed.isPresent() && (parsed.get().has("result") || parsed.get().has("error"))) {
                        last = parsed.get();
                    }
                }
                return Optional.ofNullable(last);
            }
            return parse(text);
        }

        private static Optional<ObjectNode> parse(String text) {
            try {
                JsonNode node = text.isBlank() ? null : Mappers.json().readTree(text);
                return node instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    private Answer send(CapabilityTarget target, HttpRequest request) throws UpstreamException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes((int) MAX_REPLY_BYTES + 1);
                if (bytes.length > MAX_REPLY_BYTES) {
                    throw new UpstreamException(UpstreamException.Reason.TOO_LARGE, "capability " + target.key()
                            + " answered with more than " + MAX_REPLY_BYTES + " bytes");
                }
                return new Answer(response.statusCode(), response, bytes);
            }
        } catch (IOException e) {
            links.remove(target.key());
            throw new UpstreamException(UpstreamException.Reason.UNREACHABLE, "capability " + target.key() + " is unreachable at "
                    + request.uri() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(UpstreamException.Reason.UNREACHABLE, "interrupted while calling " + target.key());
        }
    }

    private static ObjectNode withId(ObjectNode message, JsonNode id) {
        message.set("id", id);
        return message;
    }
}
