package io.naftiko.skipper.dashboard.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.ikanos.DocumentException;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.DecisionQuery;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.AuditStoreException;
import io.naftiko.skipper.dashboard.prometheus.PrometheusRed;
import io.naftiko.skipper.dashboard.view.AdmissionPage;
import io.naftiko.skipper.dashboard.view.AuditPage;
import io.naftiko.skipper.dashboard.view.CapabilityPage;
import io.naftiko.skipper.dashboard.view.Html;
import io.naftiko.skipper.dashboard.view.OverviewPage;
import io.naftiko.skipper.dashboard.view.RedMetrics;
import io.naftiko.skipper.dashboard.view.WardensPage;
import io.naftiko.skipper.gateway.inventory.DocumentTools;
import io.naftiko.skipper.webhook.server.RecentAdmissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet dashboard: read-only HTML pages, rendered on the server from {@link FleetView}'s caches, on the pod's
 * loopback address only. A person reaches it through {@code kubectl port-forward} (which {@code skipper dashboard}
 * opens with their own kubeconfig), so seeing it needs the RBAC right to port-forward to Skipper's pods, and no
 * credential of the operator ever reaches the browser. Only {@code GET}; a {@code Host} other than the loopback's is
 * refused (a page elsewhere cannot reach it through DNS rebinding); pages carry a strict Content-Security-Policy (no
 * script at all).
 */
public final class DashboardServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    /**
     * What the dashboard shows beside the fleet, each optional.
     *
     * @param prometheus where RED figures come from, when {@code --prometheus-url} is set
     * @param audit      the audit's store, when the audit runs on this replica
     * @param admissions the webhook's last answers, when the webhook runs on this replica
     */
    public record Sources(Optional<PrometheusRed> prometheus, Optional<AuditStore> audit,
                          Optional<Supplier<List<RecentAdmissions.Entry>>> admissions) {

        /** Nothing beside the fleet. */
        public static Sources none() {
            return new Sources(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final Javalin app;
    private final FleetView fleet;
    private final Sources sources;
    private final Clock clock;

    private DashboardServer(FleetView fleet, Sources sources, Clock clock) {
        this.fleet = fleet;
        this.sources = sources;
        this.clock = clock;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 16 * 1024;
            config.jetty.modifyServer(server -> server.setStopTimeout(Duration.ofSeconds(5).toMillis()));
            config.routes.before(this::guard);
            config.routes.get("/", ctx -> html(ctx, OverviewPage.render(fleet.capabilities(), OverviewPage.Filter.of(parameters(ctx)))));
            config.routes.get("/capabilities/{namespace}/{name}", this::capability);
            config.routes.get("/wardens", ctx -> html(ctx, WardensPage.render(fleet.wardens(), clock.instant())));
            config.routes.get("/audit", this::audit);
            config.routes.get("/admission", ctx -> html(ctx, AdmissionPage.render(sources.admissions().map(Supplier::get).orElse(List.of()),
                    RecentAdmissions.CAPACITY)));
            config.routes.get("/healthz", ctx -> ctx.contentType("text/plain").result("ok"));
        });
    }

    /**
     * Starts the dashboard on {@code 127.0.0.1}.
     *
     * @param port the port; 0 picks a free one
     */
    public static DashboardServer start(FleetView fleet, Sources sources, Clock clock, int port) {
        DashboardServer server = new DashboardServer(fleet, sources, clock);
        server.app.start("127.0.0.1", port);
        LOG.info("dashboard on http://127.0.0.1:{} (reach it with skipper dashboard)", server.port());
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        String host = Optional.ofNullable(ctx.header("Host")).orElse("");
        if (!host.matches("^(127\\.0\\.0\\.1|localhost|\\[::1\\])(:\\d+)?$")) {
            ctx.status(421).contentType("text/plain").result("the dashboard answers only to 127.0.0.1 or localhost: reach it through"
                    + " skipper dashboard (kubectl port-forward)");
            ctx.skipRemainingHandlers();
        }
    }

    private void capability(Context ctx) {
        String namespace = ctx.pathParam("namespace");
        String name = ctx.pathParam("name");
        Optional<Capability> found = fleet.capabilities().stream()
                .filter(c -> c.getMetadata().getNamespace().equals(namespace) && c.getMetadata().getName().equals(name)).findFirst();
        if (found.isEmpty()) {
            ctx.status(404);
            html(ctx, Html.page("No capability " + namespace + "/" + name, "/", "<p>There is no Capability " + Html.text(namespace + "/" + name)
                    + ". <a href=\"/\">Back to the fleet</a>.</p>"));
            return;
        }
        Capability capability = found.get();
        RedMetrics red = sources.prometheus().map(p -> p.of(namespace, name)).orElse(RedMetrics.none(
                "RED metrics need Prometheus: start the operator with --prometheus-url (chart value prometheus.url)."));
        html(ctx, CapabilityPage.render(capability, new CapabilityPage.Details(fleet.children(capability), environments(capability),
                tools(capability), red)));
    }

    /** The same capability in every environment of its Fleet (label {@code naftiko.io/fleet}). */
    private List<CapabilityPage.EnvironmentRevision> environments(Capability capability) {
        Map<String, String> labels = Optional.ofNullable(capability.getMetadata().getLabels()).orElse(Map.of());
        String fleetName = labels.get(NaftikoLabels.FLEET);
        if (fleetName == null) {
            return List.of();
        }
        List<CapabilityPage.EnvironmentRevision> environments = new ArrayList<>();
        fleet.capabilities().stream()
                .filter(c -> c.getMetadata().getName().equals(capability.getMetadata().getName()) && c.getMetadata().getLabels() != null
                        && fleetName.equals(c.getMetadata().getLabels().get(NaftikoLabels.FLEET)))
                .sorted((a, b) -> a.getMetadata().getNamespace().compareTo(b.getMetadata().getNamespace()))
                .forEach(c -> environments.add(new CapabilityPage.EnvironmentRevision(
                        c.getMetadata().getLabels().getOrDefault(NaftikoLabels.ENVIRONMENT, "-"), c.getMetadata().getNamespace(),
                        Optional.ofNullable(c.getMetadata().getAnnotations()).map(a -> a.get(NaftikoLabels.FLEET_REVISION)).orElse("-"),
                        c.getStatus() == null ? null : c.getStatus().phase())));
        return environments;
    }

    private List<CapabilityPage.Tool> tools(Capability capability) {
        Optional<String> text = fleet.document(capability);
        if (text.isEmpty()) {
            return List.of();
        }
        try {
            return DocumentTools.of(IkanosDocument.parse(text.get())).stream()
                    .map(t -> new CapabilityPage.Tool(t.name(), t.description())).toList();
        } catch (DocumentException e) {
            // Admission refused such a document; one written before that is shown without its tools.
            return List.of();
        }
    }

    private void audit(Context ctx) {
        Map<String, String> asked = new LinkedHashMap<>();
        if (ctx.queryParamMap().isEmpty()) {
            // The page as first opened: recent denies; the form's "any" asks for every result.
            asked.put("result", "deny");
        }
        parameters(ctx).forEach((key, value) -> {
            if (AuditPage.FILTERS.contains(key) && !value.isBlank()) {
                asked.put(key, value.trim());
            }
        });
        if (sources.audit().isEmpty()) {
            html(ctx, AuditPage.render(null, asked, "The audit does not run on this replica: install with audit.store embedded or"
                    + " postgresql (docs/audit.md)."));
            return;
        }
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("since", List.of(asked.getOrDefault("since", "24h")));
        asked.forEach((key, value) -> query.put(key, List.of(value)));
        try {
            DecisionQuery decisions = DecisionQuery.fromParameters(query, clock.instant());
            html(ctx, AuditPage.render(sources.audit().get().find(decisions), asked, ""));
        } catch (AuditInputException e) {
            ctx.status(400);
            html(ctx, AuditPage.render(null, asked, e.getMessage()));
        } catch (AuditStoreException e) {
            ctx.status(503);
            html(ctx, AuditPage.render(null, asked, "The audit store cannot be read now: " + e.getMessage()));
        }
    }

    private static Map<String, String> parameters(Context ctx) {
        Map<String, String> parameters = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((key, values) -> parameters.put(key, values.isEmpty() ? "" : values.get(0)));
        return parameters;
    }

    private static void html(Context ctx, String page) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    @Override
    public void close() {
        app.stop();
    }
}
