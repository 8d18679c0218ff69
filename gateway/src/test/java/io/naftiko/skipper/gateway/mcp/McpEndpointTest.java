package io.naftiko.skipper.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.CredentialSource;
import io.naftiko.skipper.gateway.inventory.DocumentTools;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.inventory.ToolDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The MCP endpoint's protocol rules, one fixture per bad-input class in {@code src/test/resources/mcp-requests}. */
class McpEndpointTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private static final Path CASES = Path.of("src/test/resources/mcp-requests");
    private final SessionTokens sessions = SessionTokens.randomKey(CLOCK, Duration.ofHours(1));

    private McpEndpoint endpoint(Inventory inventory) {
        return new McpEndpoint(() -> inventory, call -> McpReply.json(200, JsonRpc.result(call.id(),
                JsonNodeFactory.instance.objectNode().put("called", call.tool().tool().name()))), sessions, "test");
    }

    private static Inventory oneTool() {
        return Inventory.of(List.of(new CapabilityTarget("ns", "shipyard", "", Optional.empty(), Optional.empty(), Health.ready(),
                new CredentialSource.None(), List.of(new ToolDefinition("list-ships", "List ships", DocumentTools.emptySchema())), false)));
    }

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyMalformedOrMisroutedRequestGetsItsStatusCodeAndSentence(Path file) throws IOException {
        JsonNode spec = Mappers.json().readTree(file.toFile());
        Map<String, String> headers = new LinkedHashMap<>();
        spec.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        switch (spec.path("session").asText("none")) {
            case "valid" -> headers.put(McpHeaders.SESSION_ID, sessions.mint("2025-11-25"));
            case "forged" -> headers.put(McpHeaders.SESSION_ID, "v1.2025-11-25.9999999999.00.forged");
            default -> { }
        }
        byte[] body = spec.has("raw") ? spec.path("raw").asText().getBytes(StandardCharsets.UTF_8)
                : Mappers.json().writeValueAsBytes(spec.path("body"));

        McpReply reply = endpoint(oneTool()).handle(McpRequest.of(spec.path("method").asText("POST"), headers, body, "alice"));

        JsonNode expect = spec.path("expect");
        assertThat(reply.status()).isEqualTo(expect.path("status").asInt());
        if (expect.has("code")) {
            JsonNode answer = Mappers.json().readTree(reply.body());
            assertThat(answer.path("error").path("code").asInt()).isEqualTo(expect.path("code").asInt());
            assertThat(answer.path("error").path("message").asText()).isEqualTo(expect.path("message").asText());
        } else if (reply.status() == 200) {
            assertThat(Mappers.json().readTree(reply.body()).has("result")).isTrue();
        } else {
            assertThat(reply.body()).isEmpty();
        }
    }

    @Test
    void initializeNegotiatesASpokenRevisionAndItsSessionServesTheNextRequest() throws IOException {
        McpEndpoint endpoint = endpoint(oneTool());
        for (String[] pair : new String[][] {{"2025-06-18", "2025-06-18"}, {"2024-11-05", "2025-11-25"}, {"2026-07-28", "2025-11-25"}}) {
            McpReply init = endpoint.handle(McpRequest.of("POST", Map.of(), ("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
                    + "\"params\":{\"protocolVersion\":\"" + pair[0] + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"c\",\"version\":\"1\"}}}")
                    .getBytes(StandardCharsets.UTF_8), "alice"));
            JsonNode result = Mappers.json().readTree(init.body()).path("result");
            assertThat(result.path("protocolVersion").asText()).as(pair[0]).isEqualTo(pair[1]);
            assertThat(result.path("capabilities").path("tools").path("listChanged").asBoolean(true)).isFalse();

            McpReply list = endpoint.handle(McpRequest.of("POST", Map.of(McpHeaders.SESSION_ID, init.headers().get(McpHeaders.SESSION_ID),
                    McpHeaders.PROTOCOL_VERSION, pair[1]), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}".getBytes(StandardCharsets.UTF_8),
                    "alice"));
            assertThat(Mappers.json().readTree(list.body()).path("result").path("tools").get(0).path("name").asText()).isEqualTo("list-ships");
        }
    }

    @Test
    void discoverOffersEveryRevisionTheGatewaySpeaks() throws IOException {
        McpReply reply = endpoint(oneTool()).handle(modern("server/discover", null, "{}"));

        JsonNode result = Mappers.json().readTree(reply.body()).path("result");
        assertThat(result.path("supportedVersions").toString()).isEqualTo("[\"2026-07-28\",\"2025-11-25\",\"2025-06-18\",\"2025-03-26\"]");
        assertThat(result.path("resultType").asText()).isEqualTo("complete");
        assertThat(result.path("_meta").path(McpHeaders.META_SERVER_INFO).path("name").asText()).isEqualTo("skipper-gateway");
    }

    @Test
    void aLongListComesInPagesAndAForeignCursorIsRefused() throws IOException {
        List<ToolDefinition> tools = IntStream.range(0, McpEndpoint.PAGE_SIZE + 1)
                .mapToObj(i -> new ToolDefinition(String.format("tool-%04d", i), "", DocumentTools.emptySchema())).toList();
        McpEndpoint endpoint = endpoint(Inventory.of(List.of(new CapabilityTarget("ns", "big", "", Optional.empty(), Optional.empty(),
                Health.ready(), new CredentialSource.None(), tools, false))));

        JsonNode first = Mappers.json().readTree(endpoint.handle(modern("tools/list", null, "{}")).body()).path("result");
        assertThat(first.path("tools")).hasSize(McpEndpoint.PAGE_SIZE);
        assertThat(first.path("ttlMs").asLong()).isEqualTo(McpEndpoint.LIST_TTL_MILLIS);
        String cursor = first.path("nextCursor").asText();
        JsonNode second = Mappers.json().readTree(endpoint.handle(modern("tools/list", null, "{\"cursor\":\"" + cursor + "\"}")).body())
                .path("result");
        assertThat(second.path("tools")).hasSize(1);
        assertThat(second.path("tools").get(0).path("name").asText()).isEqualTo("tool-0500");
        assertThat(second.has("nextCursor")).isFalse();
        JsonNode foreign = Mappers.json().readTree(endpoint.handle(modern("tools/list", null, "{\"cursor\":\"bm90LW91cnM\"}")).body());
        assertThat(foreign.path("error").path("code").asInt()).isEqualTo(JsonRpc.INVALID_PARAMS);
    }

    @Test
    void aRoutedCallReachesTheCallerWithTheClientsIdAndSubject() throws IOException {
        McpReply reply = endpoint(oneTool()).handle(modern("tools/call", "list-ships", "{\"name\":\"list-ships\",\"arguments\":{}}"));

        JsonNode answer = Mappers.json().readTree(reply.body());
        assertThat(answer.path("id").asText()).isEqualTo("r1");
        assertThat(answer.path("result").path("called").asText()).isEqualTo("list-ships");
    }

    private static McpRequest modern(String method, String name, String paramsWithoutMeta) {
        String params = paramsWithoutMeta.substring(0, paramsWithoutMeta.length() - 1) + (paramsWithoutMeta.equals("{}") ? "" : ",")
                + "\"_meta\":{\"" + McpHeaders.META_PROTOCOL_VERSION + "\":\"2026-07-28\"}}";
        Map<String, String> headers = new LinkedHashMap<>(Map.of(McpHeaders.PROTOCOL_VERSION, "2026-07-28", McpHeaders.METHOD, method));
        if (name != null) {
            headers.put(McpHeaders.NAME, name);
        }
        return McpRequest.of("POST", headers, ("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"" + method + "\",\"params\":" + params + "}")
                .getBytes(StandardCharsets.UTF_8), "alice");
    }
}
