package io.naftiko.skipper.cli.operator;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.bundler.BundlePublisher;
import io.naftiko.skipper.bundler.server.BundleServer;
import io.naftiko.skipper.bundler.signing.SigningKeyRotation;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.reconciler.bundles.BundleManager;
import io.naftiko.skipper.reconciler.certificates.CertificateManager;
import io.naftiko.skipper.reconciler.certificates.CertificateSettings;
import io.naftiko.skipper.reconciler.controller.CapabilityController;
import io.naftiko.skipper.reconciler.controller.ControllerOptions;
import io.naftiko.skipper.reconciler.controller.OperatorEvent;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.TlsMaterial;
import io.naftiko.skipper.webhook.admission.AdmissionReviewHandler;
import io.naftiko.skipper.webhook.cluster.InformerLookups;
import io.naftiko.skipper.webhook.server.WebhookServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skipper's components in one process. Every replica serves the webhook and the bundle server (from
 * their serving Secrets, reloaded as they rotate); the replica holding the Lease also runs the certificate
 * manager, the bundle signing-key rotation and Warden configurations, and the reconciler, and stops them
 * cleanly when it loses the Lease.
 */
public final class Operator implements AutoCloseable {

    /** Name of the Lease the replicas compete for. */
    public static final String LEASE = "skipper-leader";
    /** Port of Service {@code skipper-bundles}, written into Warden configurations. */
    public static final int BUNDLE_SERVICE_PORT = 8444;
    private static final Duration BUNDLE_PASS = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Operator.class);

    private final KubernetesClient client;
    private final OperatorOptions options;
    private final OperatorSettings settings;
    private final Clock clock;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "operator");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicReference<CapabilityController> controller = new AtomicReference<>();
    private final AtomicReference<List<X509Certificate>> clientAuthorities = new AtomicReference<>();
    private final CertificateSettings certificateSettings;
    private final CertificateManager certificates;
    private InformerLookups lookups;
    private WebhookServer webhook;
    private ReloadableTls tls;
    private BundleManager bundles;
    private BundleServer bundleServer;
    private ReloadableTls bundleTls;
    private CompletableFuture<?> election;
    private volatile boolean leading;

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
        this.certificates = new CertificateManager(client, certificateSettings, clock);
    }

    /** Starts the components; returns once the webhook listens (if enabled) and the election runs. */
    public void start() {
        ensureNamespace();
        if (options.enabled("certs")) {
            // The first replica to come up makes sure a serving certificate exists before serving.
            runCertificatePass();
        }
        if (options.enabled("webhook")) {
            startWebhook();
        }
        if (options.enabled("bundler")) {
            startBundles();
        }
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("skipper")
                .withLock(new LeaseLock(options.namespace(), LEASE, options.identity()))
                .withLeaseDuration(Duration.ofSeconds(15))
                .withRenewDeadline(Duration.ofSeconds(10))
                .withRetryPeriod(Duration.ofSeconds(2))
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.info("leader is {}", leader)))
                .build()).build();
        election = elector.start();
    }

    /** Whether this replica holds the Lease. */
    public boolean isLeader() {
        return leading;
    }

    /** The webhook's port, when it runs. */
    public Optional<Integer> webhookPort() {
        return Optional.ofNullable(webhook).map(WebhookServer::port);
    }

    /** The bundle server's port, when it runs. */
    public Optional<Integer> bundlePort() {
        return Optional.ofNullable(bundleServer).map(BundleServer::port);
    }

    /** The bundles this replica serves, when the bundler runs. */
    public Optional<BundleManager> bundles() {
        return Optional.ofNullable(bundles);
    }

    /** The metrics of every component, as {@code /metrics} serves them. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void startLeading() {
        leading = true;
        LOG.info("{} leads: starting certificates and reconciler", options.identity());
        if (options.enabled("certs")) {
            scheduler.scheduleWithFixedDelay(this::runCertificatePass, 0, options.certificatePass().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (bundles != null) {
            scheduler.scheduleWithFixedDelay(this::runBundlePass, 0, BUNDLE_PASS.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (options.enabled("reconciler")) {
            CapabilityController started = new CapabilityController(client, settings, clock,
                    ControllerOptions.defaults().watching(options.watchNamespaces()), result -> { });
            started.start();
            controller.set(started);
        }
    }

    private void stopLeading() {
        leading = false;
        LOG.info("{} lost the lease: stopping the reconciler", options.identity());
        Optional.ofNullable(controller.getAndSet(null)).ifPresent(CapabilityController::close);
    }

    private void runCertificatePass() {
        runPass("certificate", certificates::reconcile);
    }

    /** One leader pass of the bundle manager: signing key rotation, Warden configurations. */
    public void runBundlePass() {
        runPass("bundle", bundles::leaderPass);
    }

    /** Logs what a pass changed; an API error is logged and the next pass tries again. */
    private static void runPass(String name, Supplier<List<OperatorEvent>> pass) {
        try {
            for (OperatorEvent event : pass.get()) {
                LOG.info("{}: {} {}", event.object(), event.reason(), event.message());
            }
        } catch (KubernetesClientException e) {
            LOG.warn("{} pass failed: {}", name, e.getMessage());
        }
    }

    private void startBundles() {
        bundles = new BundleManager(client, new BundleManager.Settings(options.namespace(),
                certificateSettings.bundleServiceUrl(BUNDLE_SERVICE_PORT),
                SigningKeyRotation.Policy.defaults(), Duration.ofSeconds(60), BundlePublisher.DEFAULT_MAX_SOURCE_BYTES), clock,
                outcome -> LOG.info("bundle {}: {} {} ({})", outcome.bundle(), outcome.result(), outcome.revision(), outcome.message()));
        bundles.start();
        TlsMaterial serving = storedCertificate(CertificateSettings.BUNDLES_SECRET).orElseThrow(() -> new IllegalStateException(
                "no serving certificate in Secret " + options.namespace() + "/" + CertificateSettings.BUNDLES_SECRET
                        + " (run with the certs component, or create it)"));
        bundleTls = ReloadableTls.mutual(serving, clientAuthorities());
        bundleServer = BundleServer.start(BundleServer.Options.onPort(options.bundlePort()), bundleTls,
                new BundleServer.Sources(bundles.store(), bundles::grants, bundles::record, bundles::configuration), registry, clock);
        scheduler.scheduleWithFixedDelay(() -> {
            storedCertificate(CertificateSettings.BUNDLES_SECRET).filter(m -> !m.chain().equals(bundleTls.current().chain()))
                    .ifPresent(bundleTls::update);
            List<X509Certificate> trusted = clientAuthorities();
            if (!trusted.equals(clientAuthorities.getAndSet(trusted))) {
                bundleTls.updateClientAuthorities(trusted);
            }
        }, 10, 10, TimeUnit.SECONDS);
    }

    /** The CAs Warden client certificates chain to: Skipper's trust bundle (old and new CA during a rotation). */
    private List<X509Certificate> clientAuthorities() {
        Secret secret = client.secrets().inNamespace(options.namespace()).withName(CertificateSettings.BUNDLES_SECRET).get();
        try {
            List<X509Certificate> trusted = secret == null || secret.getData() == null || secret.getData().get("ca.crt") == null
                    ? List.of() : Pem.readCertificates(decode(secret.getData().get("ca.crt")));
            clientAuthorities.compareAndSet(null, trusted);
            return trusted;
        } catch (PemException e) {
            LOG.warn("the trust bundle cannot be read: {}", e.getMessage());
            return Optional.ofNullable(clientAuthorities.get()).orElse(List.of());
        }
    }

    private void startWebhook() {
        lookups = new InformerLookups(client, settings);
        tls = new ReloadableTls(storedCertificate(CertificateSettings.WEBHOOK_SECRET).orElseThrow(() -> new IllegalStateException(
                "no serving certificate in Secret " + options.namespace() + "/" + CertificateSettings.WEBHOOK_SECRET
                        + " (run with the certs component, or create it)")));
        webhook = WebhookServer.start(WebhookServer.Options.onPort(options.webhookPort()), tls,
                new AdmissionReviewHandler(lookups::context), lookups::isSynced, registry);
        scheduler.scheduleWithFixedDelay(() -> storedCertificate(CertificateSettings.WEBHOOK_SECRET).filter(m -> !m.chain().equals(tls.current().chain()))
                .ifPresent(tls::update), 10, 10, TimeUnit.SECONDS);
    }

    private Optional<TlsMaterial> storedCertificate(String secretName) {
        Secret secret = client.secrets().inNamespace(options.namespace()).withName(secretName).get();
        if (secret == null || secret.getData() == null || secret.getData().get("tls.crt") == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TlsMaterial.fromPem(decode(secret.getData().get("tls.crt")), decode(secret.getData().get("tls.key"))));
        } catch (PemException e) {
            LOG.warn("the serving certificate Secret cannot be read: {}", e.getMessage());
            return Optional.empty();
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

    /** Stops accepting admission requests (finishing those in flight), stops reconciling, releases the Lease. */
    @Override
    public void close() {
        Optional.ofNullable(webhook).ifPresent(WebhookServer::close);
        Optional.ofNullable(bundleServer).ifPresent(BundleServer::close);
        Optional.ofNullable(bundles).ifPresent(BundleManager::close);
        Optional.ofNullable(election).ifPresent(e -> e.cancel(true));
        stopLeading();
        scheduler.shutdownNow();
        Optional.ofNullable(lookups).ifPresent(InformerLookups::close);
    }
}
