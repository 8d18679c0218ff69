package io.naftiko.skipper.webhook.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.webhook.admission.AdmissionAnswer;
import io.naftiko.skipper.webhook.admission.AdmissionEndpoint;
import io.naftiko.skipper.webhook.admission.AdmissionService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission webhook over HTTPS: {@code POST /mutate}, {@code POST /validate},
 * {@code GET /healthz}, {@code GET /readyz}, {@code GET /metrics}. Bodies are bounded, slow clients
 * time out, and the certificate can be replaced while it runs ({@link ReloadableTls}).
 */
public final class WebhookServer implements AutoCloseable {

    /** Largest request body accepted: 7 MB objects fit with their AdmissionReview envelope. */
    public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
    /** How long a connection may stay silent, mid-request or between requests. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private static final String JSON = "application/json";

    private final Javalin app;
    private final AdmissionService handler;
    private final AdmissionMetrics metrics;
    private final long maxBodyBytes;

    /**
     * Options of the server.
     *
     * @param host         address to bind ({@code 0.0.0.0} in a pod)
     * @param port         port to bind; 0 picks a free one
     * @param maxBodyBytes largest body accepted; larger gets 413
     * @param idleTimeout  how long a silent connection is kept
     */
    public record Options(String host, int port, long maxBodyBytes, Duration idleTimeout) {

        /** Defaults on a port. */
        public static Options onPort(int port) {
            return new Options("0.0.0.0", port, DEFAULT_MAX_BODY_BYTES, DEFAULT_IDLE_TIMEOUT);
        }
    }

    private WebhookServer(Options options, ReloadableTls tls, AdmissionService handler, BooleanSupplier ready,
                          PrometheusMeterRegistry registry) {
        this.handler = handler;
        this.metrics = new AdmissionMetrics(registry);
        this.maxBodyBytes = options.maxBodyBytes();
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jetty.addConnector((server, http) -> tls.connector(server, http, options.host(), options.port(),
                    options.idleTimeout()));
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
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            refuse(ctx, endpoint, 413, "too_large", "the request body of " + declared + " bytes exceeds the limit of "
                    + maxBodyBytes + " bytes", start);
            return;
        }
        byte[] body;
        try {
            body = readBounded(ctx.req().getInputStream(), maxBodyBytes);
        } catch (BodyTooLarge e) {
            refuse(ctx, endpoint, 413, "too_large", "the request body exceeds the limit of " + maxBodyBytes + " bytes", start);
            return;
        } catch (IOException e) {
            // The client went away or stalled past the idle timeout; there is no one to answer.
            metrics.record(endpoint.label(), "client_error", System.nanoTime() - start);
            LOG.debug("{}: could not read the request body: {}", endpoint.label(), e.getMessage());
            return;
        }
        AdmissionAnswer answer = handler.handle(endpoint, body);
        ctx.status(answer.httpStatus()).contentType(JSON).result(answer.body().toString());
        metrics.record(endpoint, answer, System.nanoTime() - start);
    }

    private void refuse(Context ctx, AdmissionEndpoint endpoint, int status, String result, String message, long start) {
        ctx.status(status).contentType(JSON).result("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":"
                + status + ",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        metrics.record(endpoint.label(), result, System.nanoTime() - start);
    }

    private static byte[] readBounded(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                throw new BodyTooLarge();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Stops accepting, lets requests in flight finish (up to 10 s), then stops. */
    @Override
    public void close() {
        app.stop();
    }

    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge() {
            super("body too large", null);
        }
    }
}
