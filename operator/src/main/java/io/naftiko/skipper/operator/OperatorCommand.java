package io.naftiko.skipper.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.operator.webhooks.LocalWebhooks;
import java.net.URI;
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

    private static final Set<String> COMPONENTS = Set.of("webhook", "reconciler", "certs", "bundler", "fleet");

    @Option(names = "--namespace", defaultValue = "skipper",
            description = "Skipper's own namespace: Lease, CA and serving Secrets; created if missing (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--watch-namespaces", split = ",", paramLabel = "NS",
            description = "Reconcile Capabilities only in these namespaces (default: all).")
    List<String> watchNamespaces = List.of();

    @Option(names = "--disable", split = ",", paramLabel = "COMPONENT",
            description = "Components to switch off: webhook, reconciler, certs, bundler, fleet.")
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
                throw new ParameterException(spec.commandLine(), "--disable " + component + ": components are webhook, reconciler, certs, bundler, fleet");
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
        OperatorOptions defaults = OperatorOptions.defaults(namespace, identity);
        OperatorOptions options = new OperatorOptions(namespace, new LinkedHashSet<>(watchNamespaces), new LinkedHashSet<>(disable),
                port, bundlePort, identity, defaults.certificatePass(), servingNames, defaults.lease(), defaults.reloadPeriod())
                .withCluster(cluster);
        KubernetesClient client = new KubernetesClientBuilder().build();
        if (webhookUrl != null) {
            // Before the certificate manager's first pass, which fills in their caBundle.
            LocalWebhooks.write(client, webhookUrl, namespace);
        }
        Operator operator = new Operator(client, options, OperatorSettings.fromEnvironment(environment), SystemClock.utc());
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
}
