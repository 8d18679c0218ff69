package io.naftiko.skipper.operator;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.bundler.BundlePublisher;
import io.naftiko.skipper.bundler.PublishOutcome;
import io.naftiko.skipper.bundler.server.BundleServer;
import io.naftiko.skipper.bundler.server.DecisionLogIntake;
import io.naftiko.skipper.bundler.signing.SigningKeyRotation;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.dashboard.cluster.InformerFleetView;
import io.naftiko.skipper.dashboard.prometheus.PrometheusRed;
import io.naftiko.skipper.dashboard.server.DashboardServer;
import io.naftiko.skipper.operator.audit.AuditService;
import io.naftiko.skipper.operator.bundles.BundleWatcher;
import io.naftiko.skipper.operator.bundles.SigningKeyController;
import io.naftiko.skipper.operator.bundles.WardenController;
import io.naftiko.skipper.operator.certificates.CertificateManager;
import io.naftiko.skipper.operator.certificates.CertificateSettings;
import io.naftiko.skipper.operator.events.OperatorEvent;
import io.naftiko.skipper.operator.fleet.FleetController;
import io.naftiko.skipper.operator.lifecycle.Leadership;
import io.naftiko.skipper.operator.lifecycle.PassIncomplete;
import io.naftiko.skipper.operator.lifecycle.PeriodicRunner;
import io.naftiko.skipper.reconciler.controller.CapabilityController;
import io.naftiko.skipper.reconciler.controller.ControllerOptions;
import io.naftiko.skipper.reconciler.write.EventRecorder;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.TlsMaterial;
import io.naftiko.skipper.webhook.admission.AdmissionReviewHandler;
import io.naftiko.skipper.webhook.cluster.InformerLookups;
import io.naftiko.skipper.webhook.server.WebhookServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skipper's components in one process (see docs/operator.md for the lifecycle table). Every replica serves the
 * webhook and the bundle server, reloading their certificates, trust and signing keys on guarded periodic passes.
 * The replica holding the Lease also runs the leader's work as one unit: the certificate, signing-key and Warden
 * passes and the Capability reconciler start together when it acquires the Lease and stop together, at once, when
 * it loses it; it then campaigns again.
 */
public final class Operator implements AutoCloseable {

    /** Name of the Lease the replicas compete for. */
    public static final String LEASE = "skipper-leader";
    /** Port of Service {@code skipper-bundles}, written into Warden configurations. */
    public static final int BUNDLE_SERVICE_PORT = 8444;
    private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

    private final KubernetesClient client;
    private final OperatorOptions options;
    private final OperatorSettings settings;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final PeriodicRunner runner = new PeriodicRunner(2, registry);
    private final PeriodicRunner.Group leaderPasses = runner.group();
    private final Map<String, PeriodicRunner.Pass> passes = new ConcurrentHashMap<>();
    private final AtomicReference<CapabilityController> controller = new AtomicReference<>();
    private final AtomicReference<List<X509Certificate>> clientAuthorities = new AtomicReference<>(List.of());
    private final CertificateSettings certificateSettings;
    private final CertificateManager certificates;
    private final EventRecorder events;
    private InformerLookups lookups;
    private WebhookServer webhook;
    private ReloadableTls tls;
    private BundleWatcher bundles;
    private WardenController wardens;
    private SigningKeyController signingKeys;
    private BundleServer bundleServer;
    private ReloadableTls bundleTls;
    private AuditService audit;
    private InformerFleetView dashboardFleet;
    private DashboardServer dashboard;
    private Leadership leadership;
    private volatile boolean leaderWorkActive;

    /** An operator; nothing runs until {@link #start()}. */
    public Operator(KubernetesClient client, OperatorOptions options, OperatorSettings settings, Clock clock) {
        this.client = client;
        this.options = options;
        this.settings = settings;
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        this.certificateSettings = CertificateSettings.defaults(options.namespace()).withExtraDnsNames(options.extraServingNames());
        this.certificates = new CertificateManager(client, certificateSettings, clock, registry);
        this.events = new EventRecorder(client, clock);
    }

    /** Starts the components; returns once the webhook and bundle server listen (if enabled) and the election runs. */
    public void start() {
        ensureNamespace();
        if (options.enabled("certs")) {
            // Before serving, and on every replica: only what is missing is created; rotation is the leader's.
            report(certificates.ensureServingCertificates());
        }
        if (options.enabled("webhook")) {
            startWebhook();
        }
        if (options.enabled("bundler")) {
            startBundles();
        }
        if (options.enabled("dashboard")) {
            startDashboard();
        }
        leadership = new Leadership(client, options.namespace(), LEASE, options.identity(), options.lease(), new LeaderWork());
        leadership.start();
    }

    /** Whether this replica leads and its leader work runs. */
    public boolean isLeader() {
        return leadership != null && leadership.isLeader() && leaderWorkActive;
    }

    /** How many times this replica has acquired the Lease. */
    public long leaderTerms() {
        return leadership == null ? 0 : leadership.terms();
    }

    /** The webhook's port, when it runs. */
    public Optional<Integer> webhookPort() {
        return Optional.ofNullable(webhook).map(WebhookServer::port);
    }

    /** The bundle server's port, when it runs. */
    public Optional<Integer> bundlePort() {
        return Optional.ofNullable(bundleServer).map(BundleServer::port);
    }

    /** The audit's read API port (loopback), when the audit runs. */
    public Optional<Integer> auditPort() {
        return Optional.ofNullable(audit).map(AuditService::queryPort);
    }

    /** The bundles this replica serves, when the bundler runs. */
    public Optional<BundleWatcher> bundles() {
        return Optional.ofNullable(bundles);
    }

    /** The metrics of every component, as {@code /metrics} serves them. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * A periodic pass by name while it is scheduled: {@code webhook-tls}, {@code bundle-tls}, {@code signing-key-reload},
     * {@code audit-retention} on every replica; {@code certificates}, {@code signing-key}, {@code wardens}, {@code fleets} on the leader.
     */
    public Optional<PeriodicRunner.Pass> pass(String name) {
        return Optional.ofNullable(passes.get(name)).filter(PeriodicRunner.Pass::isScheduled);
    }

    /** How many leader passes are scheduled now (none on a replica that does not lead). */
    public long leaderPassesScheduled() {
        return leaderPasses.scheduled();
    }

    /** Runs the leader's fleet pass now, on the caller's thread, if this replica leads. */
    public void runFleetPass() {
        pass("fleets").ifPresent(PeriodicRunner.Pass::runOnce);
    }

    /** Runs the leader's signing-key and Warden passes now, on the caller's thread, if this replica leads. */
    public void runBundlePasses() {
        pass("signing-key").ifPresent(PeriodicRunner.Pass::runOnce);
        pass("wardens").ifPresent(PeriodicRunner.Pass::runOnce);
    }

    /** The leader's work, started and stopped as one by {@link Leadership}. */
    private final class LeaderWork implements Leadership.Work {

        @Override
        public void start() {
            leaderWorkActive = true;
            if (options.enabled("certs")) {
                leaderPass("certificates", options.certificatePass(), certificates::reconcile);
            }
            if (bundles != null) {
                leaderPass("signing-key", options.reloadPeriod(), signingKeys::pass);
                leaderPass("wardens", options.reloadPeriod(), wardens::pass);
            }
            if (options.enabled("fleet")) {
                FleetController fleets = new FleetController(client, new OwnedWriter(client), options.cluster(), options.namespace(), clock);
                leaderPass("fleets", options.reloadPeriod(), fleets::pass);
            }
            if (options.enabled("reconciler")) {
                CapabilityController started = new CapabilityController(client, settings, clock,
                        ControllerOptions.defaults().watching(options.watchNamespaces()), result -> { });
                controller.set(started);
                started.start();
                if (!leaderWorkActive && controller.compareAndSet(started, null)) {
                    // The Lease was lost while the reconciler's caches synced.
                    started.close();
                }
            }
            if (!leaderWorkActive) {
                // Lost while starting: nothing scheduled may outlive the term.
                leaderPasses.cancelAll();
            }
        }

        @Override
        public void stop() {
            leaderWorkActive = false;
            leaderPasses.cancelAll();
            Optional.ofNullable(controller.getAndSet(null)).ifPresent(CapabilityController::close);
        }

        private void leaderPass(String name, Duration period, Supplier<List<OperatorEvent>> pass) {
            passes.put(name, leaderPasses.schedule(name, Duration.ZERO, period, () -> runReporting(pass)));
        }
    }

    private void everyReplica(String name, Runnable pass) {
        passes.put(name, runner.schedule(name, options.reloadPeriod(), options.reloadPeriod(), pass));
    }

    /** Runs a pass and reports what it did, also when it did only part of it. */
    private void runReporting(Supplier<List<OperatorEvent>> pass) {
        try {
            report(pass.get());
        } catch (PassIncomplete e) {
            report(e.done());
            throw e;
        }
    }

    /** Logs each event and records it as a Kubernetes Event on the object concerned. */
    private void report(List<OperatorEvent> happened) {
        for (OperatorEvent event : happened) {
            if (EventRecorder.WARNING.equals(event.type())) {
                LOG.warn("{}: {} {}", event.object(), event.reason(), event.message());
            } else {
                LOG.info("{}: {} {}", event.object(), event.reason(), event.message());
            }
            events.record(event.involved(), event.type(), event.reason(), event.message());
        }
    }

    /** A refused bundle (its Rego does not parse, its data is not JSON) is a warning: Wardens stay on the old revision. */
    private static void logBundleOutcome(PublishOutcome outcome) {
        if (outcome.result() == PublishOutcome.Result.REJECTED) {
            LOG.warn("bundle {}: refused, the last good revision stays served: {}", outcome.bundle(), outcome.message());
        } else {
            LOG.info("bundle {}: {} {} ({})", outcome.bundle(), outcome.result(), outcome.revision(), outcome.message());
        }
    }

    private void startBundles() {
        bundles = new BundleWatcher(client, new BundleWatcher.Settings(options.namespace(),
                certificateSettings.bundleServiceUrl(BUNDLE_SERVICE_PORT), SigningKeyRotation.Policy.defaults(), Duration.ofSeconds(60),
                BundlePublisher.DEFAULT_MAX_SOURCE_BYTES, options.enabled("audit")),
                Operator::logBundleOutcome);
        OwnedWriter writer = new OwnedWriter(client);
        wardens = new WardenController(client, bundles, writer, clock);
        signingKeys = new SigningKeyController(bundles, wardens, writer, clock);
        bundles.start();
        TlsMaterial serving = storedCertificate(CertificateSettings.BUNDLES_SECRET).orElseThrow(() -> new IllegalStateException(
                "no serving certificate in Secret " + options.namespace() + "/" + CertificateSettings.BUNDLES_SECRET
                        + " (run with the certs component, or create it)"));
        clientAuthorities.set(trustBundle());
        bundleTls = ReloadableTls.mutual(serving, clientAuthorities.get());
        DecisionLogIntake decisionLogs = DecisionLogIntake.NONE;
        if (options.enabled("audit")) {
            // Every replica takes decision logs (Wardens reach any of them through the Service) and answers queries.
            audit = AuditService.start(options.audit(), registry, clock);
            decisionLogs = audit.intake();
            // Deletes are idempotent, so every replica may run retention; every 5 minutes bounds its cost.
            passes.put("audit-retention", runner.schedule("audit-retention", Duration.ofMinutes(1), Duration.ofMinutes(5),
                    audit::enforceRetention));
        }
        bundleServer = BundleServer.start(BundleServer.Options.onPort(options.bundlePort()), bundleTls,
                new BundleServer.Sources(bundles.store(), bundles::grants, wardens::record, bundles::configuration, decisionLogs),
                registry, clock);
        everyReplica("bundle-tls", () -> {
            storedCertificate(CertificateSettings.BUNDLES_SECRET).filter(m -> !m.chain().equals(bundleTls.current().chain()))
                    .ifPresent(bundleTls::update);
            List<X509Certificate> trusted = trustBundle();
            if (!trusted.equals(clientAuthorities.getAndSet(trusted))) {
                bundleTls.updateClientAuthorities(trusted);
            }
        });
        everyReplica("signing-key-reload", bundles::reloadKeys);
    }

    /** The CAs Warden client certificates chain to: Skipper's trust bundle (old and new CA during a rotation). */
    private List<X509Certificate> trustBundle() {
        Secret secret = client.secrets().inNamespace(options.namespace()).withName(CertificateSettings.BUNDLES_SECRET).get();
        if (secret == null || secret.getData() == null || secret.getData().get("ca.crt") == null) {
            return List.of();
        }
        try {
            return Pem.readCertificates(decode(secret.getData().get("ca.crt")));
        } catch (PemException e) {
            throw new IllegalStateException("the trust bundle in Secret " + CertificateSettings.BUNDLES_SECRET + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The dashboard on every replica, from its own caches, with what this replica runs beside it (audit, webhook). */
    private void startDashboard() {
        dashboardFleet = new InformerFleetView(client);
        dashboard = DashboardServer.start(dashboardFleet, new DashboardServer.Sources(
                settings.prometheusUrl().map(url -> new PrometheusRed(URI.create(url), clock)),
                Optional.ofNullable(audit).map(AuditService::store),
                Optional.ofNullable(webhook).map(server -> server.recent()::entries)), clock, options.dashboardPort());
    }

    /** The dashboard's port (loopback), when it runs. */
    public Optional<Integer> dashboardPort() {
        return Optional.ofNullable(dashboard).map(DashboardServer::port);
    }

    private void startWebhook() {
        lookups = new InformerLookups(client, settings);
        tls = new ReloadableTls(storedCertificate(CertificateSettings.WEBHOOK_SECRET).orElseThrow(() -> new IllegalStateException(
                "no serving certificate in Secret " + options.namespace() + "/" + CertificateSettings.WEBHOOK_SECRET
                        + " (run with the certs component, or create it)")));
        webhook = WebhookServer.start(WebhookServer.Options.onPort(options.webhookPort()), tls,
                new AdmissionReviewHandler(lookups::context), lookups::isSynced, registry);
        everyReplica("webhook-tls", () -> storedCertificate(CertificateSettings.WEBHOOK_SECRET)
                .filter(m -> !m.chain().equals(tls.current().chain())).ifPresent(tls::update));
    }

    /** The serving certificate in a Secret; empty if the Secret has none; an unreadable one is an error for the pass. */
    private Optional<TlsMaterial> storedCertificate(String secretName) {
        Secret secret = client.secrets().inNamespace(options.namespace()).withName(secretName).get();
        if (secret == null || secret.getData() == null || secret.getData().get("tls.crt") == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TlsMaterial.fromPem(decode(secret.getData().get("tls.crt")), decode(secret.getData().get("tls.key"))));
        } catch (PemException e) {
            throw new IllegalStateException("the serving certificate in Secret " + secretName + " cannot be read: " + e.getMessage(), e);
        }
    }

    private void ensureNamespace() {
        if (client.namespaces().withName(options.namespace()).get() == null) {
            try {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(options.namespace()).endMetadata()
                        .build()).create();
            } catch (KubernetesClientException e) {
                // 409: another replica made it; 403: the chart's RBAC leaves namespaces to the installer.
                if (e.getCode() == 403) {
                    throw new IllegalStateException("namespace " + options.namespace() + " does not exist and Skipper may not create it;"
                            + " create it first (helm install --create-namespace)", e);
                }
                if (e.getCode() != 409) {
                    throw e;
                }
            }
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** Stops accepting admission requests (finishing those in flight), stops the leader's work, releases the Lease. */
    @Override
    public void close() {
        Optional.ofNullable(webhook).ifPresent(WebhookServer::close);
        Optional.ofNullable(bundleServer).ifPresent(BundleServer::close);
        Optional.ofNullable(dashboard).ifPresent(DashboardServer::close);
        Optional.ofNullable(dashboardFleet).ifPresent(InformerFleetView::close);
        Optional.ofNullable(audit).ifPresent(AuditService::close);
        Optional.ofNullable(leadership).ifPresent(Leadership::close);
        runner.close();
        Optional.ofNullable(bundles).ifPresent(BundleWatcher::close);
        Optional.ofNullable(lookups).ifPresent(InformerLookups::close);
    }
}
