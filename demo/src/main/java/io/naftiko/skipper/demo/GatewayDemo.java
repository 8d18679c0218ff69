package io.naftiko.skipper.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.admission.DocumentResolver;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.gateway.Gateway;
import io.naftiko.skipper.gateway.GatewayToolsCommand;
import io.naftiko.skipper.gateway.auth.StaticTokens;
import io.naftiko.skipper.gateway.cluster.ClusterInventory;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.Targets;
import io.naftiko.skipper.gateway.mcp.McpHeaders;
import io.naftiko.skipper.gateway.mcp.ProtocolEra;
import io.naftiko.skipper.gateway.mcp.SessionTokens;
import io.naftiko.skipper.gateway.routing.DecisionSink;
import io.naftiko.skipper.gateway.routing.ToolAuthorizer;
import io.naftiko.skipper.gateway.server.GatewayServer;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.SelfSignedTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The demo's gateway step: {@code skipper gateway}'s parts over the embedded API (the cluster inventory, the router,
 * the HTTPS server), an MCP client calling a tool through it, and a stand-in engine answering for
 * {@code shipyard-fleet}, since the demo runs no containers. The stand-in speaks 2026-07-28 from the capability's own
 * document and demands the token of its bind Secret, as the engine does.
 */
final class GatewayDemo {

    /** The demo agent's token toward the gateway (a dummy). */
    static final String AGENT_TOKEN = "demo-agent-token-5b21e0d4";
    private static final String NAMESPACE = Demo.NAMESPACE;
    private static final String CAPABILITY = "shipyard-fleet";

    /**
     * What the step showed.
     *
     * @param offered  tools the gateway offers, by name
     * @param withheld capability to why its tools are withheld
     * @param answer   the text of the tool call's answer
     */
    record Outcome(List<String> offered, Map<String, String> withheld, String answer) {
    }

    private GatewayDemo() {
    }

    static Outcome run(KubernetesClient client, Clock clock, Consumer<String> line) throws Exception {
        Capability fleet = client.resources(Capability.class).inNamespace(NAMESPACE).withName(CAPABILITY).get();
        IkanosDocument document = DocumentResolver.resolve(fleet, (ns, name) -> Optional.ofNullable(client.configMaps().inNamespace(ns)
                .withName(name).get()).map(ConfigMap::getData)).document().orElseThrow().document();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The stand-in demands the capability's own token, read from its bind Secret as the gateway reads it.
        String token;
        try (ClusterInventory reader = new ClusterInventory(client, ClusterInventory.Scope.everything(), clock, registry)) {
            token = reader.token(Targets.of(fleet, document)).orElseThrow();
        }
        SelfSignedTls tls = SelfSignedTls.create(List.of("localhost"), clock);
        try (StandInEngine engine = StandInEngine.start(NAMESPACE, CAPABILITY, document, token, clock);
             Gateway gateway = Gateway.start(client, new Gateway.Settings(new ClusterInventory.Scope(List.of(NAMESPACE), "",
                     Map.of(NAMESPACE + "/" + CAPABILITY, engine.endpoint())), Duration.ofMillis(200), Duration.ofSeconds(10),
                     ToolAuthorizer.allowAll(), SessionTokens.randomKey(clock, Duration.ofHours(1)), false,
                     new GatewayServer.Options("127.0.0.1", 0, GatewayServer.Options.defaultLimits()), "demo"),
                     new ReloadableTls(tls.serving()), StaticTokens.of(Map.of("demo-agent", AGENT_TOKEN)), DecisionSink.log(), clock,
                     registry)) {
            URI engineUrl = engine.endpoint();
            ClusterInventory following = gateway.inventory();
            String url = "https://localhost:" + gateway.port();
            line.accept("gateway on " + url + "/mcp over the Capabilities of " + NAMESPACE + "; a stand-in engine on " + engineUrl
                    + " answers for " + CAPABILITY + " (the demo runs no containers)");
            Demo.eventually("the gateway to ask " + CAPABILITY + " for its tools", following::current,
                    i -> i.target(NAMESPACE, CAPABILITY).map(CapabilityTarget::toolsListed).orElse(false));

            HttpClient agent = HttpClient.newBuilder().sslContext(TrustStores.trusting(List.of(tls.authority()))).build();
            JsonNode listed = post(agent, url, "tools/list", null, "{}");
            List<String> offered = new ArrayList<>();
            listed.path("result").path("tools").forEach(t -> offered.add(t.path("name").asText()));
            line.accept("tools/list (MCP 2026-07-28, as the agent demo-agent): " + String.join(", ", offered));
            // shipyard-mock has a get-ship too, so the gateway names shipyard-fleet's by its capability.
            String tool = CAPABILITY + "__get-ship";
            JsonNode called = post(agent, url, "tools/call", tool, "{\"name\":\"" + tool + "\",\"arguments\":{\"imo\":\"IMO-9321483\"}}");
            if (!called.path("result").path("content").isArray() || called.path("result").path("content").isEmpty()) {
                throw new IllegalStateException("the gateway answered tools/call with " + called);
            }
            String answer = called.path("result").path("content").get(0).path("text").asText();
            line.accept("tools/call " + tool + " {imo: IMO-9321483} → " + answer);
            JsonNode listing = Mappers.json().readTree(agent.send(HttpRequest.newBuilder(URI.create(url + "/inventory"))
                    .header("Authorization", "Bearer " + AGENT_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            line.accept("GET /inventory, as skipper gateway tools prints it:");
            GatewayToolsCommand.table(listing).lines().forEach(l -> line.accept("  " + l));
            Map<String, String> withheld = new LinkedHashMap<>();
            for (JsonNode target : listing.path("capabilities")) {
                if (target.has("reason")) {
                    withheld.put(target.path("capability").asText(), target.path("health").asText() + ": " + target.path("reason").asText());
                }
            }
            String metric = registry.scrape().lines().filter(l -> l.startsWith("skipper_gateway_calls_total")).findFirst().orElse("");
            line.accept("metrics: " + metric);
            return new Outcome(offered, withheld, answer);
        }
    }

    /** One 2026-07-28 request with its routing headers and {@code _meta}, as an SDK client sends it. */
    private static JsonNode post(HttpClient agent, String url, String method, String tool, String params) throws Exception {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("jsonrpc", "2.0").put("id", 1).put("method", method);
        ObjectNode parameters = (ObjectNode) Mappers.json().readTree(params);
        parameters.putObject("_meta").put(McpHeaders.META_PROTOCOL_VERSION, ProtocolEra.MODERN_VERSION)
                .putObject(McpHeaders.META_CLIENT_CAPABILITIES);
        body.set("params", parameters);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/mcp")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + AGENT_TOKEN).header(McpHeaders.PROTOCOL_VERSION, ProtocolEra.MODERN_VERSION)
                .header(McpHeaders.METHOD, method).POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (tool != null) {
            request.header(McpHeaders.NAME, tool);
        }
        return Mappers.json().readTree(agent.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
