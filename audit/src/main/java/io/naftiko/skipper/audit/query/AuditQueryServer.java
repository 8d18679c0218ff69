package io.naftiko.skipper.audit.query;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.DecisionJson;
import io.naftiko.skipper.audit.DecisionQuery;
import io.naftiko.skipper.audit.TimeBound;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.AuditStoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit's read API, on the pod's loopback address only: nothing on the network reaches it, and a person reaches
 * it through {@code kubectl port-forward} (which {@code skipper audit} opens), so reading decisions needs the RBAC
 * right to port-forward to Skipper's pods and nothing else: no token of Skipper's ever leaves the pod.
 * <ul>
 *   <li>{@code GET /audit/decisions?warden=&capability=&path=&result=&since=&until=&limit=&cursor=}: newest first.</li>
 *   <li>{@code GET /audit/summary?since=&until=}: counts per Warden, path and result (default: the last 24 hours).</li>
 * </ul>
 * A parameter it cannot read is a 400 naming it; a store that is down is a 503.
 */
public final class AuditQueryServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditQueryServer.class);
    private static final Set<String> SUMMARY_PARAMETERS = Set.of("since", "until");

    private final Javalin app;
    private final AuditStore store;
    private final Clock clock;

    private AuditQueryServer(AuditStore store, Clock clock, int port) {
        this.store = store;
        this.clock = clock;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 16 * 1024;
            config.jetty.modifyServer(server -> server.setStopTimeout(Duration.ofSeconds(5).toMillis()));
            config.routes.get("/audit/decisions", this::decisions);
            config.routes.get("/audit/summary", this::summary);
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
        });
    }

    /**
     * Starts the server on {@code 127.0.0.1}.
     *
     * @param port the port; 0 picks a free one
     */
    public static AuditQueryServer start(AuditStore store, Clock clock, int port) {
        AuditQueryServer server = new AuditQueryServer(store, clock, port);
        server.app.start("127.0.0.1", port);
        LOG.info("audit queries on http://127.0.0.1:{} (reach it with kubectl port-forward or skipper audit)", server.port());
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private void decisions(Context ctx) {
        try {
            DecisionQuery query = DecisionQuery.fromParameters(ctx.queryParamMap(), clock.instant());
            ctx.contentType("application/json").result(DecisionJson.page(store.find(query)).toString());
        } catch (AuditInputException e) {
            ctx.status(400).contentType("text/plain").result(e.getMessage());
        } catch (AuditStoreException e) {
            unavailable(ctx, e);
        }
    }

    private void summary(Context ctx) {
        try {
            Map<String, List<String>> parameters = ctx.queryParamMap();
            for (String name : parameters.keySet()) {
                if (!SUMMARY_PARAMETERS.contains(name)) {
                    throw new AuditInputException("unknown parameter " + name + "; known: since, until");
                }
            }
            Instant now = clock.instant();
            Instant since = parameters.containsKey("since") ? TimeBound.parse("since", ctx.queryParam("since"), now)
                    : now.minus(Duration.ofHours(24));
            Instant until = parameters.containsKey("until") ? TimeBound.parse("until", ctx.queryParam("until"), now) : now;
            if (!since.isBefore(until)) {
                throw new AuditInputException("since (" + since + ") must be before until (" + until + ")");
            }
            ctx.contentType("application/json").result(DecisionJson.summary(since, until, store.summarize(since, until)).toString());
        } catch (AuditInputException e) {
            ctx.status(400).contentType("text/plain").result(e.getMessage());
        } catch (AuditStoreException e) {
            unavailable(ctx, e);
        }
    }

    private static void unavailable(Context ctx, AuditStoreException e) {
        LOG.warn("audit query failed: {}", e.getMessage());
        ctx.status(503).header("Retry-After", "5").contentType("text/plain").result("the audit store is unavailable: " + e.getMessage());
    }

    @Override
    public void close() {
        app.stop();
    }
}
