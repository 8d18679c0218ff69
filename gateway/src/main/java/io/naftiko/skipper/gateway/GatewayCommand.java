package io.naftiko.skipper.gateway;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.validation.Durations;
import io.naftiko.skipper.gateway.auth.ClientAuthenticator;
import io.naftiko.skipper.gateway.auth.StaticTokens;
import io.naftiko.skipper.gateway.auth.TokenReviews;
import io.naftiko.skipper.gateway.cluster.ClusterInventory;
import io.naftiko.skipper.gateway.mcp.SessionTokens;
import io.naftiko.skipper.gateway.routing.DecisionSink;
import io.naftiko.skipper.gateway.routing.OpaAuthorizer;
import io.naftiko.skipper.gateway.routing.ToolAuthorizer;
import io.naftiko.skipper.gateway.server.GatewayServer;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.ServerOptions;
import io.naftiko.skipper.tls.ServingCertificateOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper gateway}: one MCP endpoint over every Ready capability in scope. */
@Command(name = "gateway",
        mixinStandardHelpOptions = true,
        description = {
            "Run the MCP gateway over HTTPS: POST /mcp (MCP 2026-07-28 and 2025-11-25/06-18/03-26), GET /inventory,",
            "/healthz, /readyz, /metrics, and with --rest-router the REST router under /{namespace}/{capability}/.",
            "It follows the Capabilities of $KUBECONFIG's cluster (or the in-cluster config). See docs/gateway.md.",
            ""},
        subcommands = GatewayToolsCommand.class,
        sortOptions = false)
public final class GatewayCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Option(names = "--namespace", paramLabel = "NS", split = ",",
            description = "Serve the Capabilities of these namespaces (default: all the gateway may read).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--environment", paramLabel = "ENV", defaultValue = "",
            description = "Serve only Capabilities of this fleet environment (label naftiko.io/environment).")
    String environment;

    @Option(names = "--endpoint", paramLabel = "NS/NAME=URL",
            description = "Reach this capability's MCP at URL instead of its Service (a port-forward, when the gateway runs outside the cluster).")
    Map<String, URI> endpoints = new LinkedHashMap<>();

    @Option(names = "--client-tokens", paramLabel = "DIR",
            description = "Folder of a mounted Secret: each file is a client's subject, its content that client's bearer token.")
    Path clientTokens;

    @Option(names = "--token-review", description = "Also accept Kubernetes tokens, checked with a TokenReview.")
    boolean tokenReview;

    @Option(names = "--token-audience", paramLabel = "AUD", split = ",",
            description = "Audiences a reviewed token must be for (default: the API server's).")
    List<String> audiences = new ArrayList<>();

    @Option(names = "--session-key-file", paramLabel = "FILE",
            description = {"A file the same on every replica (the serving key will do) that the key signing 2025 session ids is derived",
                "from (default: a random key; sessions then hold on one replica only)."})
    Path sessionKeyFile;

    @Option(names = "--warden-url", paramLabel = "URL",
            description = "Ask this Warden (OPA) before every tool call: POST /v1/data/naftiko/gateway/allow.")
    URI wardenUrl;

    @Option(names = "--warden-ca", paramLabel = "FILE", description = "PEM CA the Warden's certificate is checked against.")
    Path wardenCa;

    @Option(names = "--rest-router", description = "Route /{namespace}/{capability}/… to REST exposes (for clusters without Gateway API).")
    boolean restRouter;

    @Option(names = "--interval", defaultValue = "15s", converter = DurationConverter.class,
            description = "How often the inventory is rebuilt and capabilities asked for their tools (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--call-timeout", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a call to a capability may take (default: ${DEFAULT-VALUE}).")
    Duration callTimeout;

    @Spec
    CommandSpec spec;

    /** {@code 15s}, {@code 2m}, {@code 500ms} or ISO-8601. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return Durations.parse(value).orElseThrow(() -> new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration: write 500ms, 10s, 5m or 1h"));
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (clientTokens == null && !tokenReview) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "clients must authenticate: give --client-tokens DIR, --token-review, or both");
        }
        Clock clock = SystemClock.utc();
        List<AutoCloseable> resources = new ArrayList<>();
        ServingCertificateOptions.Serving serving = server.certificates().open(spec.commandLine(), clock, Duration.ofSeconds(10), out);
        serving.watcher().ifPresent(resources::add);
        ReloadableTls tls = serving.tls();
        KubernetesClient client = new KubernetesClientBuilder().build();
        resources.add(client);
        List<ClientAuthenticator> authenticators = new ArrayList<>();
        Optional.ofNullable(clientTokens).map(StaticTokens::fromFolder).ifPresent(authenticators::add);
        if (tokenReview) {
            authenticators.add(new TokenReviews(client, audiences, clock, Duration.ofMinutes(1)));
        }
        SessionTokens sessions = sessionKeyFile == null ? SessionTokens.randomKey(clock, Duration.ofHours(8))
                : new SessionTokens(SessionTokens.deriveKey(Files.readAllBytes(sessionKeyFile)), clock, Duration.ofHours(8));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String version = Optional.ofNullable(GatewayCommand.class.getPackage().getImplementationVersion()).orElse("development");
        ToolAuthorizer authorizer = wardenUrl == null ? ToolAuthorizer.allowAll()
                : new OpaAuthorizer(WardenClients.http(wardenCa), wardenUrl, Duration.ofSeconds(2));
        Gateway gateway = Gateway.start(client, new Gateway.Settings(new ClusterInventory.Scope(namespaces, environment, endpoints),
                interval, callTimeout, authorizer, sessions, restRouter, new GatewayServer.Options(server.host(), server.port(),
                GatewayServer.Options.defaultLimits()), version), tls, ClientAuthenticator.firstOf(authenticators), DecisionSink.log(),
                clock, registry);
        resources.add(0, gateway);
        out.println("MCP gateway on https://" + server.host() + ":" + gateway.port() + "/mcp, following " + client.getMasterUrl()
                + (namespaces.isEmpty() ? "" : " in " + String.join(", ", namespaces)) + " (Ctrl-C to stop)");
        out.flush();
        ServerOptions.serveUntilStopped("gateway", resources);
        return 0;
    }
}
