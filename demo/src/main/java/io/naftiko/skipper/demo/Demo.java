package io.naftiko.skipper.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.bundler.DirectorySource;
import io.naftiko.skipper.bundler.ServedBundle;
import io.naftiko.skipper.bundler.VerificationKey;
import io.naftiko.skipper.bundler.client.WardenClient;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.operator.Operator;
import io.naftiko.skipper.operator.OperatorOptions;
import io.naftiko.skipper.operator.audit.AuditOptions;
import io.naftiko.skipper.operator.lifecycle.Leadership;
import io.naftiko.skipper.reconciler.render.RenderInputs;
import io.naftiko.skipper.reconciler.render.Renderer;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import io.naftiko.skipper.operator.certificates.CertificateSettings;
import io.naftiko.skipper.reconciler.render.CapabilityTable;
import io.naftiko.skipper.reconciler.render.FleetTable;
import io.naftiko.skipper.reconciler.render.KustomizeConfigMaps;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import io.naftiko.skipper.testkit.WebhookAdmission;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code skipper demo}: the whole system on this machine with no cluster. An embedded, in-memory Kubernetes
 * API (fabric8's mock server in CRUD mode: it stores and watches objects, but runs no controllers, kubelet or
 * admission of its own), the operator against it with every component, the sample Capabilities admitted through
 * real HTTPS AdmissionReview calls, reconciled and shown, and a Warden pulling a signed bundle over mTLS.
 */
public final class Demo {

    /** Namespace of the samples. */
    public static final String NAMESPACE = "shipyard";
    private static final String SKIPPER = "skipper";
    private static final String BUNDLE = "fleet-policy";
    private static final String WARDEN = "fleet-warden";
    private static final String FLEET = "shipyard";
    private static final String FLEET_CAPABILITY = "shipyard-fleet";
    private static final String ADMIN_AGENT = "skipper-demo-admin";
    private static final String GATEWAY_AGENT = "skipper-demo-gateway";
    /** The operator's (dummy) bearer token toward the embedded API. */
    public static final String OPERATOR_TOKEN = "demo-operator-token-0f3a9c";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final PrintWriter out;
    private final Clock clock;
    private boolean keep;

    /**
     * What the demo showed, for its test and its exit code.
     *
     * @param admitted         Capabilities the webhook admitted
     * @param denied           Capability to the webhook's message, for those it denied
     * @param phases           Capability to its phase once reconciled
     * @param children         kinds and names of the objects the reconciler made
     * @param bundleRevision   the revision the Warden pulled and verified
     * @param reportedRevision the revision the Warden's status shows, from its status report
     * @param longPollMillis   how long a waiting Warden took to receive a new revision after its ConfigMap changed
     * @param fleetSteps       what the fleet's environments ran after each step: {@code applied: staging r1, prod r1}
     * @param gateway          what the MCP gateway offered, withheld and answered
     * @param operatorCalls    every request the operator made to the API, as {@code METHOD path}, for the RBAC check
     * @param gatewayCalls     every request the gateway made to the API, likewise
     * @param audit            what the audit stored of the Warden's decisions, and its denies
     */
    public record Report(List<String> admitted, Map<String, String> denied, Map<String, String> phases, List<String> children,
                         String bundleRevision, String reportedRevision, long longPollMillis, List<String> fleetSteps,
                         GatewayDemo.Outcome gateway, List<String> operatorCalls,
                         List<String> gatewayCalls, AuditDemo.Outcome audit) {
    }

    /** A demo writing to {@code out}. */
    public Demo(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** The same demo, but kept running after its report (dashboard, API, operator) until the process is interrupted. */
    public Demo keepingUp() {
        this.keep = true;
        return this;
    }

    /**
     * The operator's dashboard, as a browser would see it through {@code skipper dashboard}: the overview lists every
     * admitted Capability, and a capability's page answers. Returns its URL.
     */
    private String dashboard(Operator operator, List<String> admitted) throws Exception {
        String url = "http://127.0.0.1:" + operator.dashboardPort().orElseThrow() + "/";
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        eventually("the dashboard's overview", () -> get(http, url), page -> admitted.stream()
                .allMatch(key -> page.contains(key)));
        String first = NAMESPACE + "/" + admitted.get(0);
        String capability = get(http, url + "capabilities/" + first);
        if (!capability.contains("Capability " + first)) {
            throw new IllegalStateException("the dashboard's page of " + first + " did not answer");
        }
        line("overview at " + url + " lists the " + admitted.size() + " admitted Capabilities with their phase (and the Fleet's, by"
                + " environment); " + url + "capabilities/" + first + " shows its children, environments, tools and RED metrics");
        line("(RED needs --prometheus-url; the demo has no Prometheus, and the page says so)");
        return url;
    }

    private static String get(HttpClient http, String url) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void keepUntilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs it all; throws if any step does not do what it should. */
    public Report run() throws Exception {
        long started = System.nanoTime();
        Path deploy = DeployFiles.extract();
        InMemoryApiServer api = InMemoryApiServer.start(clock);
        Path auditDirectory = Files.createTempDirectory("skipper-demo-audit");
        Config embedded;
        try (KubernetesClient probe = api.client()) {
            embedded = probe.getConfiguration();
        }
        // Two clients, told apart by their User-Agent: the operator's, and the one playing the platform team and kubelet.
        // The operator's client carries a bearer token, as a service account's would, so that what is logged can be
        // checked for it (DemoTest): it is never logged.
        try (KubernetesClient operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(embedded)
                        .withOauthToken(OPERATOR_TOKEN).build()).build();
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(embedded)
                     .withUserAgent(ADMIN_AGENT).build()).build()) {
            heading("1. An embedded, in-memory Kubernetes API");
            line("fabric8 mock API server on " + client.getMasterUrl() + ": NOT a real cluster. It stores, watches and");
            line("applies objects (server-side apply added); it runs no kubelet, no controllers and no admission of its own.");
            install(client, deploy);

            heading("2. Skipper's operator: webhook, certificates, reconciler, bundle server");
            OperatorOptions options = new OperatorOptions(SKIPPER, Set.of(), Set.of(), 0, 0, "skipper-demo-0", Duration.ofSeconds(1),
                    List.of("localhost"), Leadership.Timing.defaults(), Duration.ofSeconds(1))
                    .withAudit(AuditOptions.embedded(auditDirectory.resolve("decisions"), 0));
            try (Operator operator = new Operator(operatorClient, options, OperatorSettings.defaults(), clock)) {
                operator.start();
                eventually("the leader election", operator::isLeader, leading -> leading);
                line("leader: skipper-demo-0; webhook on https://localhost:" + operator.webhookPort().orElseThrow()
                        + ", bundle server (mTLS) on https://localhost:" + operator.bundlePort().orElseThrow());
                line("CA in Secret skipper/" + CertificateSettings.CA_SECRET + "; serving certificates in " + CertificateSettings.WEBHOOK_SECRET
                        + " and " + CertificateSettings.BUNDLES_SECRET + "; caBundle written into the webhook configurations");

                heading("3. Admission: AdmissionReview over HTTPS to /mutate, then /validate");
                Map<String, String> denied = new LinkedHashMap<>();
                List<String> admitted = admit(client, operator, deploy, denied);

                heading("4. Reconciliation");
                Map<String, String> phases = new LinkedHashMap<>();
                List<String> children = reconcile(client, admitted, phases);

                heading("5. Signed policy bundles, pulled by a Warden over mTLS");
                BundleOutcome bundles = bundles(client, operator, deploy);

                heading("6. The fleet: naftiko.fleet.yaml, environments, pins and promotion");
                List<String> fleetSteps = fleet(api, client, operator, deploy);

                heading("7. One MCP entry point: the gateway");
                GatewayDemo.Outcome gateway;
                // The gateway's own client, as its ServiceAccount's would be: its calls are checked against its ClusterRole.
                try (KubernetesClient gatewayClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(embedded)
                        .withUserAgent(GATEWAY_AGENT).build()).build()) {
                    gateway = GatewayDemo.run(gatewayClient, clock, this::line);
                }

                heading("8. Audit: every Warden's decisions in one place");
                AuditDemo.Outcome audit = AuditDemo.run(bundles.warden(), NAMESPACE + "/" + WARDEN, BUNDLE, bundles.revision(),
                        URI.create("http://127.0.0.1:" + operator.auditPort().orElseThrow()), clock, this::line);

                heading("9. The fleet dashboard");
                String dashboard = dashboard(operator, admitted);

                long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                Map<Boolean, List<String>> calls = apiCalls(api);
                heading("Summary");
                line(admitted.size() + " Capabilities admitted through the webhook, " + denied.size() + " denied by the tier policy");
                line(children.size() + " objects reconciled; phases " + phases);
                line("bundle " + BUNDLE + " revision " + bundles.revision() + " signed, served, pulled and verified over mTLS;"
                        + " a change reached the waiting Warden in " + bundles.longPollMillis() + " ms");
                line("fleet " + FLEET + ": " + String.join("; ", fleetSteps));
                line("gateway: " + gateway.offered().size() + " tools offered, " + gateway.withheld().size()
                        + " capability withheld with its reason, a tool called through it");
                line("audit: " + audit.stored() + " decisions stored once each, " + audit.denied().size() + " denied, listed as skipper audit --deny");
                line("dashboard: " + dashboard + (keep ? " (kept up: Ctrl-C to stop)" : " (skipper demo --keep keeps it up)"));
                line("done in " + seconds + " s. Next: docs/getting-started.md (the same on a real cluster).");
                out.flush();
                if (keep) {
                    keepUntilInterrupted();
                }
                return new Report(admitted, denied, phases, children, bundles.revision(), bundles.reportedRevision(),
                        bundles.longPollMillis(), fleetSteps, gateway, calls.getOrDefault(false, List.of()), calls.getOrDefault(true, List.of()),
                        audit);
            }
        } finally {
            api.close();
            deleteTree(auditDirectory);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void install(KubernetesClient client, Path deploy) throws Exception {
        int crds = 0;
        try (var files = Files.list(deploy.resolve("crds"))) {
            for (Path file : files.sorted().toList()) {
                crds += create(client, file);
            }
        }
        create(client, deploy.resolve("webhook/webhook-configurations.yaml"));
        ShippedClasses.all().values().forEach(cls -> client.resource(cls).create());
        for (String namespace : List.of(SKIPPER, NAMESPACE)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        line("installed " + crds + " CRDs (Capability, CapabilityClass, Fleet, Warden), the webhook configurations, the classes "
                + ShippedClasses.all().keySet() + " and namespaces " + SKIPPER + ", " + NAMESPACE + " (as the Helm chart would)");
    }

    private static int create(KubernetesClient client, Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            List<HasMetadata> items = client.load(in).items();
            for (HasMetadata item : items) {
                client.resource(item instanceof Secret secret ? asStored(secret) : item).create();
            }
            return items.size();
        }
    }

    /** A Secret's stringData moved into data, as the API server does on write; the embedded one does not. */
    private static Secret asStored(Secret secret) {
        if (secret.getStringData() != null) {
            if (secret.getData() == null) {
                secret.setData(new LinkedHashMap<>());
            }
            secret.getStringData().forEach((key, value) -> secret.getData().put(key,
                    Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
            secret.setStringData(null);
        }
        return secret;
    }

    private List<String> admit(KubernetesClient client, Operator operator, Path deploy, Map<String, String> denied) throws Exception {
        WebhookAdmission webhook = webhookAdmission(client, operator);
        Path samples = deploy.resolve("samples");
        SourceLoader loader = SourceLoader.load(List.of(samples.resolve("shipyard-mock"), samples.resolve("shipyard-fleet"),
                samples.resolve("denied")), Optional.empty());
        RenderInputs inputs = loader.inputs();
        Renderer renderer = new Renderer(ShippedClasses.all(), NAMESPACE, OperatorSettings.defaults());
        List<Capability> candidates = new ArrayList<>();
        for (RenderInputs.PlainDocument document : inputs.documents()) {
            for (HasMetadata object : renderer.clusterInputs(document)) {
                if (object instanceof Capability capability) {
                    candidates.add(capability);
                } else {
                    client.resource(object).create();
                    line("created " + object.getKind() + " " + NAMESPACE + "/" + object.getMetadata().getName() + " (from "
                            + document.source().replace(samples + "/", "deploy/samples/") + ")");
                }
            }
        }
        inputs.capabilities().forEach(resource -> candidates.add(resource.capability()));
        Path secret = samples.resolve("demo-secrets/shipyard-fleet-bind-shared.yaml");
        create(client, secret);
        line("created Secret " + NAMESPACE + "/shipyard-fleet-bind-shared (the tutorial's dummy values, from "
                + "deploy/samples/demo-secrets: Skipper lists the Secrets a capability needs, it never invents them)");
        List<String> admitted = new ArrayList<>();
        for (Capability capability : candidates) {
            String name = capability.getMetadata().getName();
            WebhookAdmission.Review result = webhook.send("CREATE", Mappers.json().valueToTree(capability), null);
            if (result.allowed()) {
                Capability stored = Mappers.json().treeToValue(result.admitted(), Capability.class);
                client.resource(stored).create();
                admitted.add(name);
                line("ADMITTED  Capability " + NAMESPACE + "/" + name + ": tier " + stored.getSpec().getRuntime().className()
                        + ", mutated by " + result.operations() + " patch operations (class defaults, OpenTelemetry)");
            } else {
                denied.put(name, result.message());
                line("DENIED    Capability " + NAMESPACE + "/" + name + ": " + result.message().replace("\n", "\n          "));
            }
            result.warnings().forEach(warning -> line("          warning: " + warning));
        }
        return admitted;
    }

    /** Skipper's webhook as the embedded API server's admission, trusting Skipper's CA. */
    private static WebhookAdmission webhookAdmission(KubernetesClient client, Operator operator) throws PemException {
        Secret ca = client.secrets().inNamespace(SKIPPER).withName(CertificateSettings.CA_SECRET).get();
        return new WebhookAdmission(URI.create("https://localhost:" + operator.webhookPort().orElseThrow()),
                TrustStores.trusting(Pem.readCertificates(decode(ca.getData().get("bundle.crt")))));
    }

    /**
     * The fleet sample as Argo CD would sync it: the source ConfigMaps its kustomization generates and the Fleet, every
     * write admitted by Skipper's webhook; then an edit of a document reaching staging only, then a promotion of prod.
     */
    private List<String> fleet(InMemoryApiServer api, KubernetesClient client, Operator operator, Path deploy) throws Exception {
        api.admitWith(webhookAdmission(client, operator));
        line("from here on the embedded API sends every Capability, CapabilityClass and Fleet write through Skipper's webhook,");
        line("as a cluster with Skipper's webhook configurations does (the fleet controller's Capabilities included)");
        Path folder = deploy.resolve("samples/fleet");
        Fleet manifest = Mappers.yaml().readValue(Files.readString(folder.resolve("naftiko.fleet.yaml")), Fleet.class);
        for (FleetSpec.Environment environment : manifest.getSpec().environments()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(environment.namespace()).endMetadata().build())
                    .create();
            // Staging's binds come from a store through External Secrets Operator, which the embedded API does not run:
            // the demo writes the Secret ESO would (the tutorial's dummy values), as it does for prod, which maps none.
            Secret bind = Mappers.yaml().readValue(Files.readString(deploy.resolve("samples/demo-secrets/shipyard-fleet-bind-shared.yaml")),
                    Secret.class);
            bind.getMetadata().setNamespace(environment.namespace());
            client.resource(asStored(bind)).create();
        }
        Map<String, ConfigMap> sources = KustomizeConfigMaps.generate(folder.resolve("kustomization.yaml"));
        sources.values().forEach(source -> client.resource(source).create());
        client.resource(manifest).create();
        line("applied deploy/samples/fleet as a GitOps tool would: ConfigMaps " + sources.keySet() + " (its kustomization's"
                + " configMapGenerator) and Fleet " + FLEET + " (admitted by validate.fleets.naftiko.io)");
        List<String> steps = new ArrayList<>();
        steps.add("applied: " + converge(client, operator, manifest, 1, 1));

        client.configMaps().inNamespace(SKIPPER).withName(FLEET_CAPABILITY + "-source").edit(source -> {
            source.getData().computeIfPresent("capability.yaml", (key, text) -> text.replace("Maritime fleet management capability",
                    "Maritime fleet management capability, edited in Git"));
            return source;
        });
        line("");
        line("a commit edits shipyard-fleet.yml (its description): a new revision; staging tracks latest, prod stays on its pin");
        steps.add("edited: " + converge(client, operator, manifest, 2, 1));

        Fleet live = client.resources(Fleet.class).withName(FLEET).get();
        int stagingRevision = FleetTable.run(live, "staging", FLEET_CAPABILITY).orElseThrow().revision();
        client.resources(Fleet.class).withName(FLEET).edit(fleet -> {
            fleet.setSpec(fleet.getSpec().withEnvironment("prod", e -> e.withPin(FLEET_CAPABILITY, new FleetSpec.Pin(stagingRevision, null))));
            return fleet;
        });
        line("");
        line("promotion, as skipper fleet promote shipyard-fleet --to prod --in-cluster does (with -f it edits the pin in Git):"
                + " prod pins revision " + stagingRevision);
        steps.add("promoted: " + converge(client, operator, manifest, 2, 2));
        String staging = specText(client, "shipyard-staging");
        if (!staging.equals(specText(client, "shipyard-prod"))) {
            throw new IllegalStateException("prod does not hold the promoted document byte for byte");
        }
        line("prod's spec ConfigMap now holds the promoted document byte for byte (" + staging.length() + " characters)");
        return steps;
    }

    /**
     * Runs the fleet pass until staging and prod run these revisions of shipyard-fleet and every placement reports
     * Running; prints the matrix, returns its summary.
     */
    private String converge(KubernetesClient client, Operator operator, Fleet manifest, int staging, int prod) throws InterruptedException {
        Fleet fleet = eventually("Fleet " + FLEET + " to converge", () -> {
            operator.runFleetPass();
            actAsKubelet(client);
            return client.resources(Fleet.class).withName(FLEET).get();
        }, f -> f.getStatus() != null && f.getStatus().conditions() != null && f.getStatus().conditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && ("True".equals(c.getStatus()) || "MissingKinds".equals(c.getReason())))
                && f.getStatus().environments().stream().flatMap(e -> e.capabilities().stream()).allMatch(r -> r.phase() == Phase.Running)
                && FleetTable.run(f, "staging", FLEET_CAPABILITY).map(r -> Integer.valueOf(staging).equals(r.revision())).orElse(false)
                && FleetTable.run(f, "prod", FLEET_CAPABILITY).map(r -> Integer.valueOf(prod).equals(r.revision())).orElse(false));
        FleetTable.print(fleet, out);
        List<String> runs = new ArrayList<>();
        for (FleetSpec.Environment environment : manifest.getSpec().environments()) {
            runs.add(environment.name() + " r" + FleetTable.run(fleet, environment.name(), FLEET_CAPABILITY).orElseThrow().revision());
        }
        return String.join(", ", runs);
    }

    private static String specText(KubernetesClient client, String namespace) {
        Capability capability = client.resources(Capability.class).inNamespace(namespace).withName(FLEET_CAPABILITY).get();
        return client.configMaps().inNamespace(namespace).withName(capability.getSpec().getSpecRef().configMap()).get().getData()
                .get("capability.yaml");
    }

    private List<String> reconcile(KubernetesClient client, List<String> admitted, Map<String, String> phases) throws Exception {
        for (String name : admitted) {
            eventually("the Deployment of " + name, () -> client.apps().deployments().inNamespace(NAMESPACE).withName(name).get(),
                    deployment -> deployment != null);
        }
        line("(no kubelet here: the demo marks each Deployment's pods available, as a kubelet would report)");
        for (String name : admitted) {
            Capability reconciled = eventually("Capability " + name + " to run", () -> {
                actAsKubelet(client);
                return client.resources(Capability.class).inNamespace(NAMESPACE).withName(name).get();
            },
                    capability -> capability.getStatus() != null && "Running".equals(String.valueOf(capability.getStatus().phase())));
            phases.put(name, String.valueOf(Optional.ofNullable(reconciled.getStatus()).map(CapabilityStatus::phase).orElse(null)));
        }
        List<String> children = new ArrayList<>();
        List<HasMetadata> owned = new ArrayList<>();
        owned.addAll(client.configMaps().inNamespace(NAMESPACE).withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER).list().getItems());
        owned.addAll(client.apps().deployments().inNamespace(NAMESPACE).list().getItems());
        owned.addAll(client.services().inNamespace(NAMESPACE).list().getItems());
        owned.addAll(client.network().v1().ingresses().inNamespace(NAMESPACE).list().getItems());
        owned.addAll(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NAMESPACE).list().getItems());
        owned.addAll(client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("monitoring.coreos.com")
                .withVersion("v1").withKind("ServiceMonitor").withPlural("servicemonitors").withNamespaced(true).build())
                .inNamespace(NAMESPACE).list().getItems());
        for (HasMetadata object : owned) {
            children.add(object.getKind() + "/" + object.getMetadata().getName());
        }
        line("made by the reconciler in " + NAMESPACE + ":");
        children.stream().sorted().forEach(child -> line("  " + child));
        line("");
        CapabilityTable.print(client.resources(Capability.class).inNamespace(NAMESPACE).list().getItems(), out);
        return children;
    }

    /** The embedded API has no kubelet: report every Deployment's current generation as available, as one would. */
    private static void actAsKubelet(KubernetesClient client) {
        for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
            Long generation = deployment.getMetadata().getGeneration();
            if (deployment.getStatus() != null && generation != null && generation.equals(deployment.getStatus().getObservedGeneration())) {
                continue;
            }
            int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
            deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation)
                    .withReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).withUpdatedReplicas(replicas)
                    .withConditions(new DeploymentConditionBuilder().withType("Available").withStatus("True")
                            .withReason("MinimumReplicasAvailable").build()).build());
            client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace()).resource(deployment).updateStatus();
        }
    }

    /** What the Warden saw: the revision it verified, the one its status shows, and how fast an edit reached it. */
    private record BundleOutcome(String revision, String reportedRevision, long longPollMillis, WardenClient warden) {
    }

    private BundleOutcome bundles(KubernetesClient client, Operator operator, Path deploy) throws Exception {
        Path policy = deploy.resolve("samples/policies").resolve(BUNDLE);
        Map<String, byte[]> files = DirectorySource.read(policy);
        ConfigMapBuilder source = new ConfigMapBuilder().withNewMetadata().withName(BUNDLE).withNamespace(SKIPPER)
                .addToLabels(NaftikoLabels.BUNDLE, BUNDLE).addToAnnotations(NaftikoLabels.BUNDLE_PATH, "naftiko/fleet").endMetadata();
        files.forEach((path, content) -> source.addToData(path.substring(path.lastIndexOf('/') + 1), new String(content, StandardCharsets.UTF_8)));
        client.configMaps().inNamespace(SKIPPER).resource(source.build()).create();
        create(client, deploy.resolve("samples/warden.yaml"));
        line("ConfigMap skipper/" + BUNDLE + " labelled " + NaftikoLabels.BUNDLE + "=" + BUNDLE + " (" + files.keySet() + ");"
                + " Warden " + NAMESPACE + "/" + WARDEN + " granted it");
        operator.runBundlePasses();
        ServedBundle served = eventually("bundle " + BUNDLE + " to be served",
                () -> operator.bundles().orElseThrow().store().current(BUNDLE).orElse(null), bundle -> bundle != null);
        line("built and signed: revision " + served.revision() + ", " + served.bytes().length + " bytes, RS256 by key "
                + served.keyId() + " (private key in Secret skipper/skipper-bundle-signing only)");
        Secret mtls = eventually("the Warden's client certificate",
                () -> client.secrets().inNamespace(NAMESPACE).withName(WARDEN + CertificateSettings.WARDEN_SECRET_SUFFIX).get(),
                secret -> secret != null);
        eventually("the Warden's configuration", () -> {
            operator.runBundlePasses();
            return client.configMaps().inNamespace(NAMESPACE).withName(WARDEN + "-warden-config").get();
        }, configMap -> configMap != null);
        line("Secret " + NAMESPACE + "/" + mtls.getMetadata().getName() + ": client certificate for "
                + "spiffe://naftiko.io/ns/" + NAMESPACE + "/warden/" + WARDEN + "; ConfigMap " + NAMESPACE + "/" + WARDEN
                + "-warden-config: its OPA configuration");

        WardenClient warden = new WardenClient(URI.create("https://localhost:" + operator.bundlePort().orElseThrow()),
                TrustStores.trustingWithClientCertificate(Pem.readCertificates(decode(mtls.getData().get("ca.crt"))),
                        Pem.readCertificates(decode(mtls.getData().get("tls.crt"))), Pem.readPrivateKey(decode(mtls.getData().get("tls.key")))));
        WardenClient.Download configuration = warden.configuration(NAMESPACE, WARDEN);
        JsonNode config = Mappers.json().readTree(configuration.body());
        Map<String, VerificationKey> keys = new LinkedHashMap<>();
        config.path("keys").properties().forEach(entry -> keys.put(entry.getKey(), verificationKey(entry.getKey(), entry.getValue())));
        String keyId = config.path("bundles").path(BUNDLE).path("signing").path("keyid").asText();
        WardenClient.ActiveBundle active = warden.pull(BUNDLE, keys, keyId);
        line("Warden: GET /wardens/" + NAMESPACE + "/" + WARDEN + "/config → " + configuration.status() + " (keys " + keys.keySet() + ")");
        line("Warden: GET /bundles/" + BUNDLE + " over mTLS → verified " + active.signed().size() + " signed files, revision "
                + active.revision());
        int reported = warden.reportStatus("demo-warden-0", Map.of(BUNDLE, active.revision()));
        Warden withStatus = eventually("the Warden's status", () -> client.resources(Warden.class).inNamespace(NAMESPACE).withName(WARDEN).get(),
                w -> w.getStatus() != null && w.getStatus().instances() != null && !w.getStatus().instances().isEmpty());
        String reportedRevision = withStatus.getStatus().instances().get(0).activeRevisions().get(BUNDLE);
        line("Warden: POST /status → " + reported + "; Warden status: instance demo-warden-0 runs revision " + reportedRevision
                + Optional.ofNullable(withStatus.getStatus().conditions()).orElse(List.of()).stream()
                        .map(c -> ", " + c.getType() + "=" + c.getStatus() + " (" + c.getReason() + ")").findFirst().orElse(""));

        var poll = warden.download(BUNDLE, Optional.of(active.etag()), Optional.of(Duration.ofSeconds(60)));
        eventually("the long poll to be held", () -> operator.bundles().orElseThrow().store().waitingPolls(), n -> n > 0);
        long changed = System.nanoTime();
        ConfigMap edited = client.configMaps().inNamespace(SKIPPER).withName(BUNDLE).get();
        edited.getData().put("audit.rego", "package naftiko.fleet.audit\n\nimport rego.v1\n\nlog contains input.upstream if input.audit\n");
        client.configMaps().inNamespace(SKIPPER).resource(edited).update();
        WardenClient.ActiveBundle next = WardenClient.activate(poll.get(PATIENCE.toSeconds(), TimeUnit.SECONDS),
                keys, keyId);
        long latency = Duration.ofNanos(System.nanoTime() - changed).toMillis();
        line("a rule added to the ConfigMap: the Warden's long poll (Prefer: wait=60) got revision " + next.revision() + " in "
                + latency + " ms, verified");
        return new BundleOutcome(active.revision(), reportedRevision, latency, warden);
    }

    /** The requests of the operator (false) and of the gateway (true), as {@code METHOD path}; the admin's are left out. */
    private static Map<Boolean, List<String>> apiCalls(InMemoryApiServer api) throws InterruptedException {
        return api.takeRequests().stream().filter(request -> !ADMIN_AGENT.equals(request.userAgent()))
                .collect(Collectors.partitioningBy(request -> GATEWAY_AGENT.equals(request.userAgent()),
                        Collectors.mapping(request -> request.method() + " " + request.path(),
                                Collectors.toList())));
    }

    private static VerificationKey verificationKey(String keyId, JsonNode entry) {
        try {
            return new VerificationKey(Pem.readPublicKey(entry.path("key").asText()), entry.path("algorithm").asText(),
                    Optional.of(keyId), Optional.empty());
        } catch (PemException e) {
            throw new IllegalStateException("key " + keyId + " in the Warden configuration is not a public key PEM", e);
        }
    }

    static <T> T eventually(String what, Supplier<T> value, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        T current = value.get();
        while ((current == null || !done.test(current)) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            current = value.get();
        }
        if (current == null || !done.test(current)) {
            throw new IllegalStateException("gave up waiting for " + what + " after " + PATIENCE.toSeconds() + " s; last seen: "
                    + (current instanceof HasMetadata object ? Mappers.json().valueToTree(object).path("status") : current));
        }
        return current;
    }

    private void heading(String title) {
        out.println();
        out.println("== " + title);
        out.flush();
    }

    private void line(String text) {
        out.println(text);
        out.flush();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
