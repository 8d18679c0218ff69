package io.naftiko.skipper.gateway.peers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.gateway.GatewayToolsCommand;
import io.naftiko.skipper.gateway.WardenClients;
import io.naftiko.skipper.gateway.auth.StaticTokens;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.CredentialSource;
import io.naftiko.skipper.gateway.inventory.DocumentTools;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.mcp.McpEndpoint;
import io.naftiko.skipper.gateway.mcp.SessionTokens;
import io.naftiko.skipper.gateway.routing.Authorization;
import io.naftiko.skipper.gateway.routing.GatewayDecision;
import io.naftiko.skipper.gateway.routing.GatewayMetrics;
import io.naftiko.skipper.gateway.routing.OpaAuthorizer;
import io.naftiko.skipper.gateway.routing.ToolRouter;
import io.naftiko.skipper.gateway.server.GatewayServer;
import io.naftiko.skipper.gateway.upstream.UpstreamClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import io.modelcontextprotocol.spec.McpSchema;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.SelfSignedTls;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import picocli.CommandLine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway between independent peers: the official MCP TypeScript SDK v2 as the client (pinned to 2026-07-28,
 * the 2025 handshake, and automatic negotiation) and as two stand-in capabilities (one speaking only 2026-07-28, as
 * ikanos does today, one only 2025-11-25, as its previous release), each demanding its own bearer token.
 */
class GatewayPeersTest {

    private static final String CLIENT_TOKEN = "client-token-for-alice-0001";
    private static final String FLEET_TOKEN = "sk-mcp-fleet-engine-secret";
    private static final String MOCK_TOKEN = "sk-mcp-mock-engine-secret";
    private static final Path FLEET_DOCUMENT = Path.of("../deploy/samples/shipyard-fleet/shipyard-fleet.yml");
    private static final Path MOCK_DOCUMENT = Path.of("src/test/resources/peers/shipyard-mock-reachable.yml");

    private static NodePeers peers;
    private static GatewayServer server;
    private static Path ca;
    private static String url;
    private static PrometheusMeterRegistry registry;
    private static final List<GatewayDecision> DECISIONS = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        assertThat(NodePeers.installed()).as("the build installs the TypeScript SDK (npm ci in src/test/node)").isTrue();
        peers = new NodePeers();
        int modern = peers.engine(FLEET_DOCUMENT, FLEET_TOKEN, "modern");
        int legacy = peers.engine(MOCK_DOCUMENT, MOCK_TOKEN, "legacy");
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
        IkanosDocument fleet = IkanosDocument.parse(Files.readString(FLEET_DOCUMENT));
        IkanosDocument mock = IkanosDocument.parse(Files.readString(MOCK_DOCUMENT));
        CapabilityTarget fleetTarget = target("fleet-a", "shipyard-fleet", "http://127.0.0.1:" + modern + "/mcp", Health.ready(),
                new CredentialSource.Literal(FLEET_TOKEN), fleet);
        CapabilityTarget mockTarget = target("fleet-b", "shipyard-mock", "http://127.0.0.1:" + legacy + "/mcp", Health.ready(),
                new CredentialSource.Literal(MOCK_TOKEN), mock);
        CapabilityTarget down = target("fleet-c", "shipyard-down", "http://127.0.0.1:1/mcp",
                Health.of(Health.State.NOT_READY, "Progressing: 0 of 1 replicas available"), new CredentialSource.None(), mock);

        UpstreamClient upstream = new UpstreamClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                Duration.ofSeconds(20), t -> t.credentials() instanceof CredentialSource.Literal l ? Optional.of(l.token()) : Optional.empty(),
                "test");
        // What the cluster inventory does each pass: ask every Ready capability for its own tools/list, in its era.
        Inventory inventory = Inventory.of(List.of(fleetTarget.withListedTools(upstream.listTools(fleetTarget)),
                mockTarget.withListedTools(upstream.listTools(mockTarget)), down));
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ToolRouter router = new ToolRouter(upstream, input -> input.tool().equals("create-voyage")
                ? new Authorization.Denied(OpaAuthorizer.POLICY, "voyages need a harbour master's approval")
                : new Authorization.Allowed(OpaAuthorizer.POLICY), new GatewayMetrics(registry), DECISIONS::add, clock);
        McpEndpoint endpoint = new McpEndpoint(() -> inventory, router, SessionTokens.randomKey(clock, Duration.ofHours(1)), "test");
        SelfSignedTls tls = SelfSignedTls.create(List.of("localhost"), clock);
        ca = Files.createTempFile("gateway-ca", ".crt");
        Files.writeString(ca, Pem.certificate(tls.authority()));
        server = GatewayServer.start(new GatewayServer.Options("127.0.0.1", 0, GatewayServer.Options.defaultLimits()),
                new ReloadableTls(tls.serving()), endpoint, StaticTokens.of(Map.of("alice", CLIENT_TOKEN)), () -> inventory,
                Optional.empty(), () -> true, registry);
        url = "https://localhost:" + server.port() + "/mcp";
    }

    private static CapabilityTarget target(String namespace, String name, String endpoint, Health health, CredentialSource credentials,
                                           IkanosDocument document) {
        return new CapabilityTarget(namespace, name, "", Optional.of(URI.create(endpoint)), Optional.empty(), health, credentials,
                DocumentTools.of(document), false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (peers != null) {
            peers.close();
        }
        Files.deleteIfExists(ca);
    }

    static Stream<Arguments> calls() {
        return Stream.of(
                // mode, tool at the gateway, arguments, era the client ends in, tool the capability ran, tool error
                Arguments.of("modern", "list-ships", "{\"status\":\"active\"}", "modern", "list-ships", false),
                Arguments.of("modern", "shipyard-mock__get-ship", "{\"imo_number\":\"IMO9321483\"}", "modern", "get-ship", false),
                Arguments.of("legacy", "shipyard-fleet__get-ship", "{\"imo\":\"IMO9321483\"}", "legacy", "get-ship", false),
                Arguments.of("legacy", "shipyard-mock__get-ship", "{\"imo_number\":\"IMO1\"}", "legacy", "get-ship", false),
                Arguments.of("auto", "get-voyage-manifest", "{\"voyageId\":\"V-1\"}", "modern", "get-voyage-manifest", false),
                Arguments.of("modern", "list-legacy-vessels", "{\"fail\":true}", "modern", "list-legacy-vessels", true));
    }

    @ParameterizedTest(name = "{0} client calls {1}")
    @MethodSource("calls")
    void aClientOfEitherEraListsAndCallsToolsOfCapabilitiesOfEitherEra(String mode, String tool, String arguments, String era,
                                                                        String ranTool, boolean toolError) throws Exception {
        JsonNode seen = Mappers.json().readTree(peers.client(url, CLIENT_TOKEN, mode, ca, tool, arguments));

        assertThat(seen.path("error").asText("")).isEmpty();
        assertThat(seen.path("era").asText()).isEqualTo(era);
        List<String> names = new ArrayList<>();
        seen.path("tools").forEach(t -> names.add(t.asText()));
        assertThat(names).containsExactly("create-voyage", "get-ship-with-crew", "get-voyage-manifest", "list-legacy-vessels",
                "list-ships", "shipyard-fleet__get-ship", "shipyard-mock__get-ship");
        assertThat(seen.path("schemas").path("shipyard-fleet__get-ship").path("required").toString()).isEqualTo("[\"imo\"]");
        JsonNode ran = Mappers.json().readTree(seen.path("call").path("content").get(0).path("text").asText());
        assertThat(ran.path("tool").asText()).isEqualTo(ranTool);
        assertThat(Mappers.json().readTree(arguments)).isEqualTo(ran.path("arguments"));
        assertThat(seen.path("call").path("isError").asBoolean(false)).isEqualTo(toolError);
        assertThat(seen.toString()).doesNotContain(FLEET_TOKEN).doesNotContain(MOCK_TOKEN);
    }

    @Test
    void theJavaSdksModernClientCallsACapabilityOfThePreviousEraThroughTheGateway() throws Exception {
        SSLContext trust = WardenClients.trusting(ca);
        HttpClientMcpTransport transport = HttpClientMcpTransport.builder(url)
                .customizeClient(b -> b.sslContext(trust))
                .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) ->
                        headers.set("Authorization", "Bearer " + CLIENT_TOKEN)))
                .build();
        io.modelcontextprotocol.modern.client.McpSyncClient client = io.modelcontextprotocol.modern.client.McpClient.sync(transport).build();

        assertThat(client.discover().supportedVersions()).contains("2026-07-28");
        assertThat(client.listTools().list().tools()).extracting(t -> t.name()).contains("shipyard-mock__get-ship", "list-ships");
        var result = client.tool("shipyard-mock__get-ship").arguments(Map.of("imo_number", "IMO9321483")).call();

        assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(result.content().get(0).toString()).contains("get-ship").contains("IMO9321483");
    }

    @Test
    void theJavaSdksSessionClientCallsACapabilityOfTheCurrentEraThroughTheGateway() throws Exception {
        SSLContext trust = WardenClients.trusting(ca);
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(url.replace("/mcp", ""))
                .endpoint("/mcp").customizeClient(b -> b.sslContext(trust))
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization", "Bearer " + CLIENT_TOKEN))
                .build();
        try (io.modelcontextprotocol.client.McpSyncClient client = io.modelcontextprotocol.client.McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(20)).build()) {
            assertThat(client.initialize().protocolVersion()).startsWith("2025-");
            assertThat(client.listTools().tools()).extracting(t -> t.name()).contains("shipyard-fleet__get-ship", "create-voyage");
            var result = client.callTool(new McpSchema.CallToolRequest("shipyard-fleet__get-ship", Map.of("imo", "IMO9321483")));

            assertThat(result.isError()).isNotEqualTo(Boolean.TRUE);
            assertThat(result.content().get(0).toString()).contains("get-ship").contains("IMO9321483");
        }
    }

    @Test
    void aToolOfACapabilityThatIsNotReadyIsWithheldAndCallingItSaysWhy() throws Exception {
        JsonNode seen = Mappers.json().readTree(peers.client(url, CLIENT_TOKEN, "modern", ca, "shipyard-down__get-ship", "{}"));

        assertThat(seen.path("call").path("isError").asBoolean()).isTrue();
        assertThat(seen.path("call").path("content").get(0).path("text").asText())
                .isEqualTo("tool shipyard-down__get-ship is withheld: capability fleet-c/shipyard-down is NotReady: Progressing: 0 of 1"
                        + " replicas available");
    }

    @Test
    void aWardenDenialIsAToolErrorNamingThePolicyAndIsRecorded() throws Exception {
        JsonNode seen = Mappers.json().readTree(peers.client(url, CLIENT_TOKEN, "legacy", ca, "create-voyage", "{}"));

        assertThat(seen.path("call").path("isError").asBoolean()).isTrue();
        assertThat(seen.path("call").path("content").get(0).path("text").asText())
                .isEqualTo("denied by policy data.naftiko.gateway.allow: voyages need a harbour master's approval");
        assertThat(DECISIONS).anySatisfy(d -> {
            assertThat(d.subject()).isEqualTo("alice");
            assertThat(d.capability()).isEqualTo("shipyard-fleet");
            assertThat(d.tool()).isEqualTo("create-voyage");
            assertThat(d.result().label()).isEqualTo("denied");
        });
        assertThat(registry.scrape()).contains("skipper_gateway_calls_total{capability=\"fleet-a/shipyard-fleet\",result=\"denied\","
                + "tool=\"create-voyage\"} 1.0");
    }

    @Test
    void aClientWithoutAnAcceptedTokenIsRefusedBeforeAnythingElse() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(WardenClients.trusting(ca)).build();
        for (String authorization : new String[] {null, "Bearer wrong-token-0000000000", "Basic YWxpY2U6c2VjcmV0"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"skipper-gateway\"");
            assertThat(response.body()).contains("authentication required");
        }
    }

    @Test
    void skipperGatewayToolsPrintsTheInventoryAsATableOrJson() throws Exception {
        Path tokenFile = Files.createTempFile("gateway-token", "");
        Files.writeString(tokenFile, CLIENT_TOKEN + "\n");
        String base = url.replace("/mcp", "");
        StringWriter table = new StringWriter();
        int code = new CommandLine(new GatewayToolsCommand()).setOut(new PrintWriter(table))
                .execute("--url", base, "--token-file", tokenFile.toString(), "--ca", ca.toString());
        StringWriter json = new StringWriter();
        new CommandLine(new GatewayToolsCommand()).setOut(new PrintWriter(json))
                .execute("--url", base, "--token-file", tokenFile.toString(), "--ca", ca.toString(), "-o", "json");
        StringWriter refused = new StringWriter();
        Files.writeString(tokenFile, "not-a-client-token-00000");
        int refusedCode = new CommandLine(new GatewayToolsCommand()).setErr(new PrintWriter(refused))
                .execute("--url", base, "--token-file", tokenFile.toString(), "--ca", ca.toString());
        Files.delete(tokenFile);

        assertThat(code).isZero();
        assertThat(table.toString().lines().toList()).startsWith(
                "TOOL                       CAPABILITY       NAMESPACE   ENVIRONMENT   HEALTH",
                "create-voyage              shipyard-fleet   fleet-a     -             Ready");
        assertThat(table.toString()).contains("shipyard-down__get-ship    shipyard-down    fleet-c     -             NotReady",
                "fleet-c/shipyard-down: NotReady: Progressing: 0 of 1 replicas available");
        assertThat(Mappers.json().readTree(json.toString()).path("tools")).hasSize(8);
        assertThat(refusedCode).isNotZero();
        assertThat(refused.toString()).contains("the gateway answered HTTP 401: the token was not accepted");
    }

    @Test
    void theInventoryListsEveryToolWithWhereItRunsAndWhetherItIsOffered() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(WardenClients.trusting(ca)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url.replace("/mcp", "/inventory")))
                .header("Authorization", "Bearer " + CLIENT_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode inventory = Mappers.json().readTree(response.body());
        assertThat(inventory.path("tools")).hasSize(8);
        assertThat(inventory.path("capabilities").get(1).path("toolsFrom").asText()).isEqualTo("capability");
        assertThat(inventory.path("capabilities").get(2).path("health").asText()).isEqualTo("NotReady");
        assertThat(response.body()).doesNotContain(FLEET_TOKEN).doesNotContain(MOCK_TOKEN);
    }
}
