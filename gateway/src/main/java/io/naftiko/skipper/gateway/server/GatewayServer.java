package io.naftiko.skipper.gateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.gateway.auth.ClientAuthenticator;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.mcp.JsonRpc;
import io.naftiko.skipper.gateway.mcp.McpEndpoint;
import io.naftiko.skipper.gateway.mcp.McpReply;
import io.naftiko.skipper.gateway.mcp.McpRequest;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.RequestBodies;
import io.naftiko.skipper.tls.ServerLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway over HTTPS: {@code POST /mcp} (both eras; GET and DELETE answer 405), {@code GET /inventory},
 * {@code /healthz}, {@code /readyz} (ready once the inventory has been built), {@code /metrics}, and, when a
 * {@link RestRouter} is given, the built-in REST router under {@code /{namespace}/{capability}/…}. Every MCP and
 * inventory request is authenticated (401 with {@code WWW-Authenticate: Bearer} otherwise); bodies are read within
 * {@link ServerLimits} like the other servers'.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final String JSON = "application/json";

    private final Javalin app;
    private final McpEndpoint endpoint;
    private final ClientAuthenticator authenticator;
    private final Supplier<Inventory> inventory;
    private final RequestBodies bodies;

    /**
     * Options of the server.
     *
     * @param host   address to bind
     * @param port   port to bind; 0 picks a free one
     * @param limits what one client may hold
     */
    public record Options(String host, int port, ServerLimits limits) {

        /** The gateway's limits: 4 MiB bodies, 32 MiB of them in flight, the webhook's deadlines. */
        public static ServerLimits defaultLimits() {
            return ServerLimits.webhookDefaults().withBodies(4L * 1024 * 1024, 32L * 1024 * 1024);
        }
    }

    private GatewayServer(Options options, ReloadableTls tls, McpEndpoint endpoint, ClientAuthenticator authenticator,
                          Supplier<Inventory> inventory, Optional<RestRouter> router, BooleanSupplier ready,
                          PrometheusMeterRegistry registry) {
        this.endpoint = endpoint;
        this.authenticator = authenticator;
        this.inventory = inventory;
        this.bodies = new RequestBodies(options.limits());
        Gauge.builder("skipper.gateway.bytes.in.flight", bodies, RequestBodies::bytesInFlight)
                .description("Bytes of gateway request bodies being read or handled").register(registry);
        Gauge.builder("skipper.gateway.tools", () -> inventory.get().offered().size()).tag("state", "offered")
                .description("Tools the gateway offers or withholds").register(registry);
        Gauge.builder("skipper.gateway.tools", () -> inventory.get().all().size() - inventory.get().offered().size())
                .tag("state", "withheld").description("Tools the gateway offers or withholds").register(registry);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.limits().maxBodyBytes();
            config.jetty.addConnector((server, http) -> tls.connector(server, http, options.host(), options.port(), options.limits()));
            config.jetty.modifyServer(server -> server.setStopTimeout(Duration.ofSeconds(10).toMillis()));
            config.routes.post("/mcp", this::mcp);
            config.routes.get("/mcp", this::mcp);
            config.routes.delete("/mcp", this::mcp);
            config.routes.get("/inventory", this::inventory);
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.get("/readyz", ctx -> {
                boolean isReady = ready.getAsBoolean();
                ctx.status(isReady ? 200 : 503).result(isReady ? "ready" : "not ready: the inventory is being built");
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
            router.ifPresent(r -> {
                for (String path : new String[] {"/{namespace}/{capability}/<path>", "/{namespace}/{capability}"}) {
                    config.routes.get(path, ctx -> r.route(ctx, bodies));
                    config.routes.post(path, ctx -> r.route(ctx, bodies));
                    config.routes.put(path, ctx -> r.route(ctx, bodies));
                    config.routes.patch(path, ctx -> r.route(ctx, bodies));
                    config.routes.delete(path, ctx -> r.route(ctx, bodies));
                }
            });
        });
    }

    /** Starts a server; it is listening when this returns. */
    public static GatewayServer start(Options options, ReloadableTls tls, McpEndpoint endpoint, ClientAuthenticator authenticator,
                                      Supplier<Inventory> inventory, Optional<RestRouter> router, BooleanSupplier ready,
                                      PrometheusMeterRegistry registry) {
        GatewayServer server = new GatewayServer(options, tls, endpoint, authenticator, inventory, router, ready, registry);
        server.app.start();
        LOG.info("MCP gateway listening on https://{}:{}", options.host(), server.port());
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private Optional<String> authenticate(Context ctx) {
        Optional<String> subject = ClientAuthenticator.bearer(ctx.header("Authorization")).flatMap(authenticator::subject);
        if (subject.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"skipper-gateway\"");
            reply(ctx, McpReply.json(401, JsonRpc.error(null, JsonRpc.UNAUTHORIZED,
                    "authentication required: send Authorization: Bearer <token>")));
        }
        return subject;
    }

    private void mcp(Context ctx) {
        Optional<String> subject = authenticate(ctx);
        if (subject.isEmpty()) {
            return;
        }
        String method = ctx.method().name();
        if (!"POST".equals(method)) {
            reply(ctx, endpoint.handle(McpRequest.of(method, Map.of(), new byte[0], subject.get())));
            return;
        }
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            reply(ctx, McpReply.json(415, JsonRpc.error(null, JsonRpc.INVALID_REQUEST, "expected Content-Type application/json, got "
                    + (contentType == null ? "none" : contentType))));
            return;
        }
        try (RequestBodies.Body body = bodies.read(ctx.req())) {
            if (!body.isRead()) {
                if (body.status() == 503) {
                    ctx.header("Retry-After", String.valueOf(RequestBodies.RETRY_AFTER_SECONDS));
                }
                reply(ctx, McpReply.json(body.status(), JsonRpc.error(null, JsonRpc.INVALID_REQUEST, body.reason())));
                return;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            ctx.headerMap().forEach(headers::put);
            reply(ctx, endpoint.handle(McpRequest.of(method, headers, body.bytes().orElseThrow(), subject.get())));
        }
    }

    private void inventory(Context ctx) {
        if (authenticate(ctx).isEmpty()) {
            return;
        }
        reply(ctx, McpReply.json(200, InventoryView.of(inventory.get())));
    }

    /** Writes an endpoint's answer to a Javalin exchange (status, headers, JSON body). */
    public static void reply(Context ctx, McpReply reply) {
        ctx.status(reply.status());
        reply.headers().forEach(ctx::header);
        if (reply.body().length > 0) {
            ctx.contentType(JSON).result(reply.body());
        }
    }

    /** Stops accepting, lets requests in flight finish (up to 10 s), then stops. */
    @Override
    public void close() {
        app.stop();
    }

    /** A JSON body for plain errors. */
    static byte[] error(String message) {
        try {
            return Mappers.json().writeValueAsBytes(JsonNodeFactory.instance.objectNode().put("error", message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
