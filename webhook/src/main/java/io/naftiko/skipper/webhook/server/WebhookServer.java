package io.naftiko.skipper.webhook.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.RequestBodies;
import io.naftiko.skipper.tls.ServerLimits;
import io.naftiko.skipper.webhook.admission.AdmissionAnswer;
import io.naftiko.skipper.webhook.admission.AdmissionEndpoint;
import io.naftiko.skipper.webhook.admission.AdmissionService;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhook over HTTPS: {@code POST /mutate}, {@code POST /validate},
 * {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics}. What a client may hold is bounded
 * ({@link ServerLimits}: body size checked before reading, a budget of bytes in flight, a deadline and a minimum
 * data rate per body, a connection cap), and the certificate can be replaced while it runs ({@link ReloadableTls}).
 */
public final class WebhookServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final String JSON = "application/json";

    private final Javalin app;
    private final AdmissionService handler;
    private final AdmissionMetrics metrics;
    private final RecentAdmissions recent;
    private final RequestBodies bodies;

    /**
     * Options of the server.
     *
     * @param host   address to bind ({@code 0.0.0.0} in a pod)
     * @param port   port to bind; 0 picks a free one
     * @param limits what one client may hold
     */
    public record Options(String host, int port, ServerLimits limits) {

        /** Defaults on a port. */
        public static Options onPort(int port) {
            return new Options("0.0.0.0", port, ServerLimits.webhookDefaults());
        }
    }

    private WebhookServer(Options options, ReloadableTls tls, AdmissionService handler, BooleanSupplier ready,
                          PrometheusMeterRegistry registry) {
        this.handler = handler;
        this.metrics = new AdmissionMetrics(registry);
        this.recent = new RecentAdmissions(registry.config().clock()::wallTime);
        this.bodies = new RequestBodies(options.limits());
        Gauge.builder("skipper_admission_bytes_in_flight", bodies, RequestBodies::bytesInFlight)
                .description("Bytes of admission request bodies being read or handled").register(registry);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.limits().maxBodyBytes();
            config.jetty.addConnector((server, http) -> tls.connector(server, http, options.host(), options.port(),
                    options.limits()));
            config.jetty.modifyServer(server -> server.setStopTimeout(Duration.ofSeconds(10).toMillis()));
            config.routes.post("/mutate", ctx -> admit(ctx, AdmissionEndpoint.MUTATE));
            config.routes.post("/validate", ctx -> admit(ctx, AdmissionEndpoint.VALIDATE));
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.get("/readyz", ctx -> {
                boolean isReady = ready.getAsBoolean();
                ctx.status(isReady ? 200 : 503).result(isReady ? "ready" : "not ready: caches are syncing");
            });
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
        });
    }

    /** Starts a server; it is listening when this returns. */
    public static WebhookServer start(Options options, ReloadableTls tls, AdmissionService handler,
                                      BooleanSupplier ready, PrometheusMeterRegistry registry) {
        WebhookServer server = new WebhookServer(options, tls, handler, ready, registry);
        server.app.start();
        LOG.info("admission webhook listening on https://{}:{}", options.host(), server.port());
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private void admit(Context ctx, AdmissionEndpoint endpoint) {
        long start = System.nanoTime();
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(JSON)) {
            refuse(ctx, endpoint, 415, "unsupported_media_type", "expected Content-Type application/json, got "
                    + (contentType == null ? "none" : contentType), start);
            return;
        }
        try (RequestBodies.Body body = bodies.read(ctx.req())) {
            if (!body.isRead()) {
                refuse(ctx, endpoint, body.status(), result(body.status()), body.reason(), start);
                return;
            }
            AdmissionAnswer answer = handler.handle(endpoint, body.bytes().orElseThrow());
            ctx.status(answer.httpStatus()).contentType(JSON).result(answer.body().toString());
            metrics.record(endpoint, answer, System.nanoTime() - start);
            recent.record(endpoint, answer);
        }
    }

    private static String result(int status) {
        return switch (status) {
            case 413 -> "too_large";
            case 503 -> "over_budget";
            case 408 -> "too_slow";
            default -> "client_error";
        };
    }

    private void refuse(Context ctx, AdmissionEndpoint endpoint, int status, String result, String message, long start) {
        LOG.info("{}: answered {}: {}", endpoint.label(), status, message);
        if (status == 503) {
            ctx.header("Retry-After", String.valueOf(RequestBodies.RETRY_AFTER_SECONDS));
        }
        ctx.status(status).contentType(JSON).result("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                + status + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        metrics.record(endpoint.label(), result, System.nanoTime() - start);
    }

    /** Stops accepting, lets requests in flight finish (up to 10 s), then stops. */
    @Override
    public void close() {
        app.stop();
    }

    /** The last answers this server gave, for the dashboard. */
    public RecentAdmissions recent() {
        return recent;
    }
}
