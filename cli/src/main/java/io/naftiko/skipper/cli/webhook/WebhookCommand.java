package io.naftiko.skipper.cli.webhook;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import io.naftiko.skipper.webhook.admission.AdmissionReviewHandler;
import io.naftiko.skipper.webhook.cluster.InformerLookups;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.ServerOptions;
import io.naftiko.skipper.tls.ServingCertificateOptions;
import io.naftiko.skipper.tls.ServerLimits;
import io.naftiko.skipper.webhook.server.WebhookServer;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skipper webhook}: the admission webhook on its own. */
@Command(name = "webhook",
        mixinStandardHelpOptions = true,
        description = {
            "Run the admission webhook over HTTPS: POST /mutate, POST /validate, GET /healthz, /readyz, /metrics.",
            "With --classes it runs with no cluster; otherwise it follows the cluster of $KUBECONFIG",
            "(or the in-cluster config) through informer caches and is ready once they have synced.",
            ""},
        sortOptions = false)
public final class WebhookCommand implements Callable<Integer> {

    @Mixin
    ServerOptions server;

    @Option(names = "--classes", paramLabel = "DIR", description = "Folder of CapabilityClass files; runs without a cluster.")
    Path classesDir;

    @Option(names = "--reload-interval", defaultValue = "10s",
            description = "How often certificate files are checked for a new pair (default: ${DEFAULT-VALUE}).")
    Duration reloadInterval;

    @ParentCommand
    Skipper skipper;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        OperatorSettings settings = OperatorSettings.fromEnvironment(skipper.environment());
        ServingCertificateOptions.Serving serving = server.certificates().open(spec.commandLine(), SystemClock.utc(), reloadInterval, out);
        ReloadableTls tls = serving.tls();
        List<AutoCloseable> resources = new ArrayList<>();
        AdmissionReviewHandler handler;
        BooleanSupplier ready;
        if (classesDir != null) {
            Map<String, CapabilityClass> classes = new LinkedHashMap<>();
            SourceLoader.loadClasses(classesDir).forEach(c -> classes.put(c.getMetadata().getName(), c));
            AdmissionContext context = AdmissionContext.offline(classes, settings);
            handler = new AdmissionReviewHandler(() -> context);
            ready = () -> true;
            out.println("no cluster: " + classes.size() + " classes from " + classesDir + "; referenced ConfigMaps cannot be resolved");
        } else {
            KubernetesClient client = new KubernetesClientBuilder().build();
            InformerLookups lookups = new InformerLookups(client, settings);
            resources.add(lookups);
            resources.add(client);
            handler = new AdmissionReviewHandler(lookups::context);
            ready = lookups::isSynced;
            out.println("following the cluster at " + client.getMasterUrl());
        }
        WebhookServer webhook = WebhookServer.start(new WebhookServer.Options(server.host(), server.port(), ServerLimits.webhookDefaults()),
                tls, handler, ready, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        out.println("admission webhook on https://" + server.host() + ":" + webhook.port() + " (Ctrl-C to stop)");
        out.flush();
        resources.add(0, webhook);
        serving.watcher().ifPresent(watcher -> resources.add(1, watcher));
        ServerOptions.serveUntilStopped("webhook", resources);
        return 0;
    }
}
