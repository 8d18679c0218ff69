package io.naftiko.skipper.bundler.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.naftiko.skipper.bundler.BundleException;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.ServedBundle;
import io.naftiko.skipper.bundler.StatusReport;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.RequestBodies;
import io.naftiko.skipper.tls.ServerLimits;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPA's bundle service API over mutual TLS. Every client presents a certificate chained to Skipper's CA
 * (the handshake fails otherwise); the Warden its certificate names decides what it may read.
 * <ul>
 *   <li>{@code GET /bundles/{name}}: the signed bundle, {@code ETag} and {@code If-None-Match}; with
 *       {@code Prefer: wait=N} the request is held (as a future, not a thread) until a new revision exists or
 *       N seconds pass, and answered with {@code Content-Type: application/vnd.openpolicyagent.bundles}.</li>
 *   <li>{@code POST /status}: OPA status reports, handed to the status sink.</li>
 *   <li>{@code GET /wardens/{ns}/{name}/config}: that Warden's OPA configuration, for that Warden only.</li>
 *   <li>{@code POST /logs}: OPA decision logs from known Wardens, read within the intake's size limit before the
 *       intake sees them, answered as the intake says (2xx only once stored).</li>
 * </ul>
 */
public final class BundleServer implements AutoCloseable {

    /** The content type that tells OPA the server supports long polling. */
    public static final String LONG_POLL_CONTENT_TYPE = "application/vnd.openpolicyagent.bundles";
    private static final Logger LOG = LoggerFactory.getLogger(BundleServer.class);
    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[,;\\s])wait=(\\d{1,9})(?:$|[,;\\s])");
    private static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final Javalin app;
    private final BundleStore store;
    private final Grants grants;
    private final Consumer<StatusReport> statusSink;
    private final Function<WardenIdentity, Optional<ObjectNode>> configurations;
    /** Connections open at once: one long poll per Warden instance, with room. */
    private static final int MAX_CONNECTIONS = 4096;
    private final Options options;
    private final RequestBodies statusBodies;
    private final RequestBodies logBodies;
    private final DecisionLogIntake decisionLogs;
    private final Clock clock;
    private final MeterRegistry registry;

    /**
     * Options of the server.
     *
     * @param host           address to bind
     * @param port           port to bind; 0 picks a free one
     * @param maxWait        the longest long poll held, whatever the client asks
     * @param maxStatusBytes the largest status report accepted
     */
    public record Options(String host, int port, Duration maxWait, long maxStatusBytes) {

        /** Defaults on a port of every address. */
        public static Options onPort(int port) {
            return on("0.0.0.0", port);
        }

        /** Defaults on an address and port: polls held up to 5 minutes, status reports up to 1 MiB. */
        public static Options on(String host, int port) {
            return new Options(host, port, Duration.ofMinutes(5), 1024 * 1024);
        }
    }

    /** Which bundles a Warden may read; empty for a Warden Skipper does not know. */
    @FunctionalInterface
    public interface Grants {
        /** The bundles granted to a Warden, or empty if it is unknown. */
        Optional<Set<String>> bundlesOf(WardenIdentity warden);
    }

    /**
     * What the server answers from.
     *
     * @param store          the bundles served
     * @param grants         who may read what
     * @param statusSink     where status reports go
     * @param configurations each Warden's OPA configuration
     * @param decisionLogs   where decision logs go
     */
    public record Sources(BundleStore store, Grants grants, Consumer<StatusReport> statusSink,
                          Function<WardenIdentity, Optional<ObjectNode>> configurations, DecisionLogIntake decisionLogs) {

        /** Sources of a server that collects no decision logs ({@code POST /logs} is a 404). */
        public Sources(BundleStore store, Grants grants, Consumer<StatusReport> statusSink,
                       Function<WardenIdentity, Optional<ObjectNode>> configurations) {
            this(store, grants, statusSink, configurations, DecisionLogIntake.NONE);
        }
    }

    private BundleServer(Options options, ReloadableTls tls, Sources sources, MeterRegistry registry, Clock clock) {
        this.store = sources.store();
        this.grants = sources.grants();
        this.statusSink = sources.statusSink();
        this.configurations = sources.configurations();
        this.decisionLogs = sources.decisionLogs();
        this.options = options;
        this.clock = clock;
        this.registry = registry;
        // A held poll is silent by design: idle connections live past the longest wait, and every Warden instance
        // holds one (they cost no thread); bodies (status reports) are read within 15 s.
        ServerLimits limits = ServerLimits.webhookDefaults().withIdleTimeout(options.maxWait().plusSeconds(30))
                .withConnections(MAX_CONNECTIONS).withBodies(options.maxStatusBytes(), 16 * options.maxStatusBytes());
        this.statusBodies = new RequestBodies(limits);
        long maxLogBytes = decisionLogs.maxBodyBytes();
        this.logBodies = new RequestBodies(limits.withBodies(maxLogBytes, 16 * maxLogBytes));
        Gauge.builder("skipper_bundle_long_polls_waiting", store, BundleStore::waitingPolls)
                .description("Long polls held, waiting for a new bundle revision").register(registry);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = Math.max(options.maxStatusBytes(), maxLogBytes);
            // Bundles are gzip already.
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.asyncTimeout = 0;
            // A held poll is silent by design: only clients that passed the mTLS handshake get to hold one.
            config.jetty.addConnector((server, http) -> tls.connector(server, http, options.host(), options.port(),
                    limits));
            config.jetty.modifyServer(server -> server.setStopTimeout(Duration.ofSeconds(5).toMillis()));
            config.routes.get("/bundles/{name}", this::bundle);
            config.routes.post("/status", this::status);
            config.routes.get("/wardens/{namespace}/{name}/config", this::configuration);
            config.routes.post("/logs", this::decisionLogs);
        });
    }

    /** Starts a server; it is listening when this returns. */
    public static BundleServer start(Options options, ReloadableTls tls, Sources sources, MeterRegistry registry, Clock clock) {
        BundleServer server = new BundleServer(options, tls, sources, registry, clock);
        server.app.start();
        LOG.info("bundle server listening on https://{}:{}", options.host(), server.port());
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private void bundle(Context ctx) {
        String name = ctx.pathParam("name");
        Optional<WardenIdentity> warden = warden(ctx);
        if (warden.isEmpty()) {
            forbid(ctx, "bundle", "the client certificate names no Warden (expected a spiffe://naftiko.io/ns/{ns}/warden/{name} URI)");
            return;
        }
        Optional<Set<String>> granted = grants.bundlesOf(warden.get());
        if (granted.isEmpty()) {
            forbid(ctx, "bundle", "Warden " + warden.get() + " is not known to Skipper");
            return;
        }
        if (!granted.get().contains(name)) {
            forbid(ctx, "bundle", "Warden " + warden.get() + " is not granted bundle " + name);
            return;
        }
        String etag = Optional.ofNullable(ctx.header("If-None-Match")).orElse("");
        Optional<Duration> wait = longPoll(ctx.header("Prefer"));
        if (wait.isEmpty() || etag.isEmpty()) {
            answer(ctx, store.current(name), name, etag, wait.isPresent());
            return;
        }
        ctx.future(() -> store.awaitChange(name, etag, wait.get()).thenAccept(bundle -> answer(ctx, bundle, name, etag, true)));
    }

    private void answer(Context ctx, Optional<ServedBundle> bundle, String name, String etag, boolean longPoll) {
        if (bundle.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("no bundle " + name + " is served");
            count("bundle", "not_found");
            return;
        }
        ServedBundle served = bundle.get();
        ctx.header("ETag", served.etag());
        ctx.contentType(longPoll ? LONG_POLL_CONTENT_TYPE : "application/gzip");
        if (matches(etag, served.etag())) {
            ctx.status(304);
            count("bundle", "not_modified");
            return;
        }
        ctx.status(200).result(served.bytes());
        count("bundle", "ok");
    }

    private void status(Context ctx) {
        Optional<WardenIdentity> warden = warden(ctx);
        if (warden.isEmpty() || grants.bundlesOf(warden.get()).isEmpty()) {
            forbid(ctx, "status", "status reports are accepted from known Wardens only");
            return;
        }
        try (RequestBodies.Body body = statusBodies.read(ctx.req())) {
            if (!body.isRead()) {
                refuseBody(ctx, body, "status", "a status report is limited to " + options.maxStatusBytes() + " bytes", warden.get());
                return;
            }
            statusSink.accept(StatusReport.parse(warden.get(), body.bytes().orElseThrow(), clock.instant()));
            ctx.status(200);
            count("status", "ok");
        } catch (BundleException e) {
            ctx.status(400).contentType("text/plain").result(e.getMessage());
            count("status", "bad_request");
        }
    }

    private void decisionLogs(Context ctx) {
        Optional<WardenIdentity> warden = warden(ctx);
        if (warden.isEmpty() || grants.bundlesOf(warden.get()).isEmpty()) {
            forbid(ctx, "logs", "decision logs are accepted from known Wardens only");
            return;
        }
        try (RequestBodies.Body body = logBodies.read(ctx.req())) {
            if (!body.isRead()) {
                refuseBody(ctx, body, "logs", "a decision-log upload is limited to " + decisionLogs.maxBodyBytes() + " bytes as sent",
                        warden.get());
                return;
            }
            DecisionLogIntake.Answer answer = decisionLogs.receive(warden.get(),
                    Optional.ofNullable(ctx.header("Content-Encoding")), body.bytes().orElseThrow());
            answer.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", String.valueOf(seconds)));
            ctx.status(answer.status());
            if (answer.status() >= 300) {
                ctx.contentType("text/plain").result(answer.message());
            }
            count("logs", answer.status() < 300 ? "ok" : String.valueOf(answer.status()));
        }
    }

    /** Answers a body that was not read: its status and reason (413 with the route's own limit), counted and logged. */
    private void refuseBody(Context ctx, RequestBodies.Body body, String route, String tooLarge, WardenIdentity warden) {
        if (body.status() == 503) {
            ctx.header("Retry-After", String.valueOf(RequestBodies.RETRY_AFTER_SECONDS));
        }
        ctx.status(body.status()).contentType("text/plain").result(body.status() == 413 ? tooLarge : body.reason());
        count(route, body.status() == 413 ? "too_large" : "client_error");
        LOG.info("{} from {} answered {}: {}", route, warden, body.status(), body.reason());
    }

    private void configuration(Context ctx) {
        WardenIdentity asked = new WardenIdentity(ctx.pathParam("namespace"), ctx.pathParam("name"));
        if (!warden(ctx).equals(Optional.of(asked))) {
            forbid(ctx, "config", "a Warden may read its own configuration only");
            return;
        }
        Optional<ObjectNode> configuration = configurations.apply(asked);
        if (configuration.isEmpty()) {
            ctx.status(404).contentType("text/plain").result("Warden " + asked + " is not known to Skipper");
            count("config", "not_found");
            return;
        }
        ctx.contentType("application/json").result(configuration.get().toPrettyString());
        count("config", "ok");
    }

    private void forbid(Context ctx, String route, String message) {
        ctx.status(403).contentType("text/plain").result(message);
        count(route, "forbidden");
        LOG.debug("403 {}: {}", ctx.path(), message);
    }

    private void count(String route, String result) {
        Counter.builder("skipper_bundle_requests_total").description("Requests to the bundle server by route and result")
                .tag("route", route).tag("result", result).register(registry).increment();
    }

    private static Optional<WardenIdentity> warden(Context ctx) {
        Object certificates = ctx.req().getAttribute(CLIENT_CERTIFICATES);
        if (certificates instanceof X509Certificate[] chain && chain.length > 0) {
            return WardenIdentity.fromCertificate(chain[0]);
        }
        return Optional.empty();
    }

    /** The wait a {@code Prefer} header asks for, capped at the server's maximum. */
    private Optional<Duration> longPoll(String prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        Matcher matcher = PREFER_WAIT.matcher(prefer);
        if (!matcher.find()) {
            return Optional.empty();
        }
        Duration asked = Duration.ofSeconds(Long.parseLong(matcher.group(1)));
        return Optional.of(asked.compareTo(options.maxWait()) > 0 ? options.maxWait() : asked);
    }

    /** Whether an {@code If-None-Match} value names the tag (strong comparison; a list or {@code *} allowed). */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Answers the polls held with what is served (a 304 for most), lets requests in flight finish, then stops. */
    @Override
    public void close() {
        store.releaseAll();
        app.stop();
    }
}
