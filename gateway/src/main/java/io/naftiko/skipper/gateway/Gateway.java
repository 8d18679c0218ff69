package io.naftiko.skipper.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.gateway.auth.ClientAuthenticator;
import io.naftiko.skipper.gateway.cluster.ClusterInventory;
import io.naftiko.skipper.gateway.mcp.McpEndpoint;
import io.naftiko.skipper.gateway.mcp.SessionTokens;
import io.naftiko.skipper.gateway.routing.DecisionSink;
import io.naftiko.skipper.gateway.routing.GatewayMetrics;
import io.naftiko.skipper.gateway.routing.ToolAuthorizer;
import io.naftiko.skipper.gateway.routing.ToolRouter;
import io.naftiko.skipper.gateway.server.GatewayServer;
import io.naftiko.skipper.gateway.server.RestRouter;
import io.naftiko.skipper.gateway.upstream.UpstreamClient;
import io.naftiko.skipper.tls.ReloadableTls;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The gateway assembled: the cluster inventory, the router toward capabilities, the MCP endpoint and its HTTPS server. */
public final class Gateway implements AutoCloseable {

    /**
     * How it runs.
     *
     * @param scope       which Capabilities it serves
     * @param interval    how often the inventory is rebuilt
     * @param callTimeout how long a call to a capability may take
     * @param authorizer  the per-call decision (a Warden, or everything allowed)
     * @param sessions    2025 session ids
     * @param restRouter  whether to serve the built-in REST router
     * @param server      where it listens, within which limits
     * @param version     its version, for {@code serverInfo} and {@code clientInfo}
     */
    public record Settings(ClusterInventory.Scope scope, Duration interval, Duration callTimeout, ToolAuthorizer authorizer,
                           SessionTokens sessions, boolean restRouter, GatewayServer.Options server, String version) {
    }

    private final ClusterInventory inventory;
    private final GatewayServer server;

    private Gateway(ClusterInventory inventory, GatewayServer server) {
        this.inventory = inventory;
        this.server = server;
    }

    /** Starts following the cluster and serving; clients authenticate with {@code authenticator}. */
    public static Gateway start(KubernetesClient client, Settings settings, ReloadableTls tls, ClientAuthenticator authenticator,
                                DecisionSink decisions, Clock clock, PrometheusMeterRegistry registry) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        ClusterInventory inventory = new ClusterInventory(client, settings.scope(), clock, registry);
        UpstreamClient upstream = new UpstreamClient(http, settings.callTimeout(), inventory::token, settings.version());
        ToolRouter router = new ToolRouter(upstream, settings.authorizer(), new GatewayMetrics(registry), decisions, clock);
        McpEndpoint endpoint = new McpEndpoint(inventory::current, router, settings.sessions(), settings.version());
        inventory.start(upstream, settings.interval());
        GatewayServer server = GatewayServer.start(settings.server(), tls, endpoint, authenticator, inventory::current,
                settings.restRouter() ? Optional.of(new RestRouter(inventory::current, http, settings.callTimeout())) : Optional.empty(),
                inventory::isBuilt, registry);
        return new Gateway(inventory, server);
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** The inventory it serves. */
    public ClusterInventory inventory() {
        return inventory;
    }

    @Override
    public void close() {
        server.close();
        inventory.close();
    }
}
