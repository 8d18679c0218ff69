package io.naftiko.skipper.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.operator.webhooks.LocalWebhooks;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.FieldDrops;
import io.naftiko.skipper.audit.TimeBound;
import io.naftiko.skipper.audit.intake.IntakeLimits;
import io.naftiko.skipper.audit.store.PostgresAuditStore;
import io.naftiko.skipper.audit.store.Retention;
import io.naftiko.skipper.operator.audit.AuditOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code skipper operator}: every component against the cluster of the kubeconfig or the pod. */
@Command(name = "operator",
        mixinStandardHelpOptions = true,
        description = {
            "Run Skipper against a cluster: webhook, reconciler, certificates, bundle server.",
            "The cluster is the one of $KUBECONFIG, ~/.kube/config or the in-cluster config. The webhook and the bundle "
                + "server run on every replica; certificates, signing keys and the reconciler on the Lease holder.",
            ""},
        sortOptions = false)
public final class OperatorCommand implements Callable<Integer> {

    private static final Set<String> COMPONENTS = Set.of("webhook", "reconciler", "certs", "bundler", "fleet", "audit", "dashboard");

    @Option(names = "--namespace", defaultValue = "skipper",
            description = "Skipper's own namespace: Lease, CA and serving Secrets; created if missing (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--watch-namespaces", split = ",", paramLabel = "NS",
            description = "Reconcile Capabilities only in these namespaces (default: all).")
    List<String> watchNamespaces = List.of();

    @Option(names = "--disable", split = ",", paramLabel = "COMPONENT",
            description = "Components to switch off: webhook, reconciler, certs, bundler, fleet, audit, dashboard.")
    List<String> disable = List.of();

    @Option(names = "--port", defaultValue = "8443", description = "Webhook HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bundle-port", defaultValue = "8444", description = "Bundle server mTLS port (default: ${DEFAULT-VALUE}).")
    int bundlePort;

    @Option(names = "--cluster", paramLabel = "NAME",
            description = {"This cluster's name: Fleet environments with cluster NAME apply here, as do those naming no cluster",
                "(default: only those naming no cluster)."})
    String cluster;

    @Option(names = "--webhook-url", paramLabel = "https://HOST:PORT",
            description = {"Local dev loop: write webhook configurations that call this URL instead of the in-cluster Service,",
                "and name HOST (a DNS name or an IPv4 address) on the serving certificate. See docs/development.md."})
    URI webhookUrl;

    @Option(names = "--audit-database-url", paramLabel = "JDBC_URL",
            description = {"Keep Wardens' decisions in PostgreSQL (jdbc:postgresql://HOST:5432/DB); the user and password come from",
                "$SKIPPER_AUDIT_DATABASE_USER and $SKIPPER_AUDIT_DATABASE_PASSWORD (a Secret). Default: the embedded file database."})
    String auditDatabaseUrl;

    @Option(names = "--audit-file", defaultValue = "skipper-audit/decisions", paramLabel = "PATH",
            description = "The embedded audit database (H2 adds .mv.db); one replica only (default: ${DEFAULT-VALUE}).")
    Path auditFile;

    @Option(names = "--audit-port", defaultValue = "8445",
            description = "The audit read API's port, on 127.0.0.1 only: reach it with skipper audit (default: ${DEFAULT-VALUE}).")
    int auditPort;

    @Option(names = "--audit-max-age", defaultValue = "30d", paramLabel = "DURATION",
            description = "Delete decisions older than this: 12h, 30d (default: ${DEFAULT-VALUE}).")
    String auditMaxAge;

    @Option(names = "--audit-max-decisions", defaultValue = "10000000",
            description = "Keep at most this many decisions, the newest (default: ${DEFAULT-VALUE}).")
    long auditMaxDecisions;

    @Option(names = "--audit-drop-fields", split = ",", paramLabel = "POINTER",
            description = "Remove these fields from every decision before it is stored, as JSON pointers: /input/headers/authorization.")
    List<String> auditDropFields = List.of();

    @Option(names = "--dashboard-port", defaultValue = "8446", paramLabel = "PORT",
            description = "The dashboard's port, on 127.0.0.1 only: reach it with skipper dashboard (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--prometheus-url", paramLabel = "URL",
            description = {"The Prometheus HTTP API that rollout analyses (AnalysisTemplates) query, e.g.",
                "http://prometheus-operated.monitoring:9090 (default: $NAFTIKO_PROMETHEUS_URL; unset, rollouts run without analysis)."})
    String prometheusUrl;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    /** The command, reading the operator's settings (POD_NAME, NAFTIKO_*) from {@code environment}. */
    public OperatorCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        for (String component : disable) {
            if (!COMPONENTS.contains(component)) {
                throw new ParameterException(spec.commandLine(), "--disable " + component + ": components are webhook, reconciler, certs, bundler, fleet, audit, dashboard");
            }
        }
        List<String> servingNames = List.of();
        if (webhookUrl != null) {
            if (disable.contains("webhook")) {
                throw new ParameterException(spec.commandLine(), "--webhook-url with --disable webhook: nothing would answer at the URL");
            }
            try {
                servingNames = List.of(LocalWebhooks.validate(webhookUrl));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        String identity = Optional.ofNullable(environment.get("POD_NAME"))
                .orElseGet(() -> "skipper-" + ProcessHandle.current().pid());
        OperatorSettings settings = OperatorSettings.fromEnvironment(environment);
        if (prometheusUrl != null) {
            settings = settings.withPrometheusUrl(Optional.of(prometheusAddress(prometheusUrl, "--prometheus-url")));
        } else {
            settings = settings.withPrometheusUrl(settings.prometheusUrl().map(url -> prometheusAddress(url, "NAFTIKO_PROMETHEUS_URL")));
        }
        OperatorOptions defaults = OperatorOptions.defaults(namespace, identity);
        OperatorOptions options = new OperatorOptions(namespace, new LinkedHashSet<>(watchNamespaces), new LinkedHashSet<>(disable),
                port, bundlePort, identity, defaults.certificatePass(), servingNames, defaults.lease(), defaults.reloadPeriod())
                .withCluster(cluster);
        options = options.withAudit(auditOptions()).withDashboardPort(dashboardPort);
        KubernetesClient client = new KubernetesClientBuilder().build();
        if (webhookUrl != null) {
            // Before the certificate manager's first pass, which fills in their caBundle.
            LocalWebhooks.write(client, webhookUrl, namespace);
        }
        Operator operator = new Operator(client, options, settings, SystemClock.utc());
        operator.start();
        spec.commandLine().getOut().println("skipper operator " + identity + " against " + client.getMasterUrl()
                + operator.webhookPort().map(p -> "; webhook on https://0.0.0.0:" + p).orElse(""));
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            operator.close();
            client.close();
            stopped.countDown();
        }, "operator-shutdown"));
        stopped.await();
        return 0;
    }

    private AuditOptions auditOptions() {
        Duration maxAge;
        try {
            maxAge = TimeBound.duration("--audit-max-age", auditMaxAge);
        } catch (AuditInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (maxAge.isZero() || auditMaxDecisions < 1) {
            throw new ParameterException(spec.commandLine(), "--audit-max-age and --audit-max-decisions must keep something");
        }
        // Checked here, before any connection, so a mistyped setting is a usage error and not a failed start.
        try {
            FieldDrops.of(auditDropFields);
            if (auditDatabaseUrl != null) {
                PostgresAuditStore.checkUrl(auditDatabaseUrl);
            }
        } catch (AuditInputException e) {
            throw new ParameterException(spec.commandLine(), "--audit-drop-fields: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--audit-database-url: " + e.getMessage());
        }
        return new AuditOptions(Optional.ofNullable(auditDatabaseUrl), environment.getOrDefault("SKIPPER_AUDIT_DATABASE_USER", ""),
                environment.getOrDefault("SKIPPER_AUDIT_DATABASE_PASSWORD", ""), auditFile, auditPort,
                new Retention(maxAge, auditMaxDecisions), auditDropFields, IntakeLimits.defaults());
    }

    /**
     * The Prometheus address as AnalysisTemplates carry it, from {@code --prometheus-url} or {@code NAFTIKO_PROMETHEUS_URL}:
     * http(s), a host, no credentials (they would be copied into every AnalysisTemplate, a CR anyone may read).
     */
    private String prometheusAddress(String text, String source) {
        // Shown with any user and password masked: a malformed URL may still carry them.
        String shown = text.replaceAll("//[^/@]*@", "//***@");
        URI url;
        try {
            url = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), source + " " + shown + ": not a URL");
        }
        if ((!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) || url.getHost() == null) {
            throw new ParameterException(spec.commandLine(), source + " " + shown + ": expected http(s)://HOST[:PORT][/PATH]");
        }
        if (url.getRawUserInfo() != null) {
            throw new ParameterException(spec.commandLine(), source + ": credentials in the URL would be copied into every"
                    + " AnalysisTemplate; give Prometheus's address without them");
        }
        return text.replaceAll("/+$", "");
    }
}
