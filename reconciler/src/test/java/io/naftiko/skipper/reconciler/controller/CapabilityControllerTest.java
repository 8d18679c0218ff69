package io.naftiko.skipper.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reconcile loop against the fabric8 mock API server in CRUD mode. */
class CapabilityControllerTest {

    static final String NS = "shipyard";
    InMemoryApiServer server;
    KubernetesClient client;
    CapabilityController controller;
    final List<ReconcileResult> results = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = InMemoryApiServer.start(SystemClock.utc());
        client = server.client();
        controller = started(client, results);
    }

    /** A started controller with the tests' quick backoff and resync, reporting every reconcile into {@code results}. */
    static CapabilityController started(KubernetesClient client, List<ReconcileResult> results) {
        return started(client, results, OperatorSettings.defaults());
    }

    static CapabilityController started(KubernetesClient client, List<ReconcileResult> results, OperatorSettings settings) {
        CapabilityController started = new CapabilityController(client, settings, SystemClock.utc(),
                new ControllerOptions(2, Duration.ofMinutes(10), new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 0.2), Set.of(),
                        Duration.ofMillis(100)),
                results::add);
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        controller.close();
        client.close();
        server.close();
    }

    /** The repository's own test documents (no ../shared needed): the shapes these tests specify, nothing more. */
    static String document(String file) {
        return Fixtures.read(Fixtures.repoRoot().resolve("reconciler/src/test/resources/documents/" + file));
    }

    /** Creates a Capability as the webhook would have admitted it: specRef to ConfigMap {name}-spec. */
    Capability createByReference(String name, String text) {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name + "-spec").endMetadata()
                .withData(Map.of("capability.yaml", text)).build()).create();
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withGeneration(1L).build());
        capability.setSpec(new CapabilitySpec());
        capability.getSpec().setSpecRef(new SpecRef(name + "-spec", null));
        Capability admitted = CapabilityAdmission.admit(capability, AdmissionContext.shippedDefaults()
                .withConfigMaps((ns, cm) -> Optional.of(Map.of("capability.yaml", text)))).admitted();
        return client.resource(admitted).create();
    }

    static <T> T eventually(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        T current = value.get();
        while (!done.test(current) && System.nanoTime() < deadline) {
            Thread.sleep(25);
            current = value.get();
        }
        assertThat(done.test(current)).as("condition not reached; last value: %s", current).isTrue();
        return current;
    }

    Capability capability(String name) {
        return client.resources(Capability.class).inNamespace(NS).withName(name).get();
    }

    Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    void makeAvailable(String name) throws InterruptedException {
        Deployment deployment = eventually(() -> deployment(name), d -> d != null);
        deployment.setStatus(new DeploymentStatusBuilder().withAvailableReplicas(1).withReplicas(1).build());
        client.apps().deployments().inNamespace(NS).resource(deployment).updateStatus();
    }

    @Test
    void aCapabilityGetsEveryChildAndRunsOnceItsDeploymentIsAvailable() throws Exception {
        createByReference("fleet", document("rest-skill-control.yaml"));

        eventually(() -> capability("fleet").getStatus(), s -> s != null && s.phase() == Phase.Pending);
        assertThat(client.configMaps().inNamespace(NS).withName("fleet").get().getData().get("capability.yaml"))
                .isEqualTo(document("rest-skill-control.yaml"));
        assertThat(client.services().inNamespace(NS).withName("fleet").get().getSpec().getPorts()).extracting(p -> p.getName())
                .containsExactly("rest", "skill", "control");
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("fleet").get()).isNotNull();
        assertThat(deployment("fleet").getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("fleet"));

        makeAvailable("fleet");

        var status = eventually(() -> capability("fleet").getStatus(), s -> s.phase() == Phase.Running);
        assertThat(status.endpoint()).isEqualTo("http://fleet.shipyard.svc.cluster.local:9610");
        assertThat(status.conditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                .containsExactly("Ready=True/Running", "SpecResolved=True/Resolved", "SecretsSynced=True/AllPresent");
        assertThat(status.display()).isEqualTo("Harbour — REST, skill and control");
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .extracting(e -> e.getType() + "/" + e.getReason())
                .contains("Normal/Created", "Warning/ServiceMonitorUnavailable");
    }

    @Test
    void deletedAndEditedChildrenComeBackAndUnownedFieldsAreLeftAlone() throws Exception {
        createByReference("mock", document("rest-mock.yaml"));
        eventually(() -> client.services().inNamespace(NS).withName("mock").get(), s -> s != null);

        client.services().inNamespace(NS).withName("mock").delete();
        eventually(() -> client.services().inNamespace(NS).withName("mock").get(), s -> s != null);

        Deployment edited = deployment("mock");
        edited.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil/image:latest");
        edited.getMetadata().getLabels().put("team", "payments");
        client.resource(edited).update();
        Deployment restored = eventually(() -> deployment("mock"),
                d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().equals("ghcr.io/naftiko/ikanos:latest"));
        assertThat(restored.getMetadata().getLabels()).containsEntry("team", "payments");
    }

    @Test
    void aChangedSpecConfigMapRollsThePodsAndRemovingPublicDeletesTheIngress() throws Exception {
        String text = document("rest-mock.yaml").replace("namespace: mock-rest",
                "namespace: mock-rest\n    tags: [public]");
        createByReference("pub", text);
        eventually(() -> client.network().v1().ingresses().inNamespace(NS).withName("pub").get(), i -> i != null);
        String checksum = deployment("pub").getSpec().getTemplate().getMetadata().getAnnotations().get(NaftikoLabels.CONFIG_CHECKSUM);

        ConfigMap source = client.configMaps().inNamespace(NS).withName("pub-spec").get();
        source.setData(Map.of("capability.yaml", document("rest-mock.yaml")));
        client.resource(source).update();

        eventually(() -> deployment("pub").getSpec().getTemplate().getMetadata().getAnnotations().get(NaftikoLabels.CONFIG_CHECKSUM),
                c -> !c.equals(checksum));
        eventually(() -> client.network().v1().ingresses().inNamespace(NS).withName("pub").get(), (Ingress i) -> i == null);
        assertThat(client.configMaps().inNamespace(NS).withName("pub").get().getData().get("capability.yaml"))
                .isEqualTo(document("rest-mock.yaml"));
    }

    @Test
    void aMissingBindSecretDegradesWithItsNameUntilItAppears() throws Exception {
        String step3 = document("mcp-with-bind.yaml");
        createByReference("auth", step3);

        var degraded = eventually(() -> capability("auth").getStatus(), s -> s != null && s.phase() == Phase.Degraded);
        assertThat(degraded.conditions()).filteredOn(c -> c.getType().equals("SecretsSynced")).singleElement()
                .satisfies(c -> assertThat(c.getMessage()).isEqualTo("missing: Secret auth-bind-shared"));

        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("auth-bind-shared").endMetadata()
                .withData(Map.of("secrets.yaml", Base64.getEncoder().encodeToString("registry-bearer-token: t\n".getBytes())))
                .build()).create();
        makeAvailable("auth");

        eventually(() -> capability("auth").getStatus(), s -> s.phase() == Phase.Running);
        assertThat(capability("auth").getStatus().toString()).doesNotContain("registry-bearer-token");

        // Once read (or polled), a bind Secret is known by its key names and digest: another pass does not read it, so
        // that it still runs when the Secret cannot be read at all.
        server.fail("GET", "/api/v1/namespaces/" + NS + "/secrets/auth-bind-shared", 500, 1_000);
        results.clear();
        controller.enqueue(NS + "/auth");
        ReconcileResult pass = eventually(() -> results.isEmpty() ? null : results.get(0), r -> r != null);
        assertThat(pass.phase()).isEqualTo(Phase.Running);
        assertThat(pass.wrote()).isFalse();
    }

    @Test
    void apiErrorsAreRetriedWithBackoffUntilConverged() throws Exception {
        server.fail("PATCH", "/api/v1/namespaces/shipyard/services/flaky", 500, 2);

        createByReference("flaky", document("rest-mock.yaml"));

        eventually(() -> client.services().inNamespace(NS).withName("flaky").get(), (Service s) -> s != null);
        eventually(() -> deployment("flaky"), d -> d != null);
        eventually(() -> results, r -> r.stream().anyMatch(result -> result.children().containsKey("Service/flaky")));
        eventually(() -> capability("flaky").getStatus(), s -> s != null && s.phase() == Phase.Pending);
    }

    @Test
    void aConflictIsARequeueAndTheCapabilityRunsWithoutEverFailing() throws Exception {
        server.fail("PATCH", "/apis/apps/v1/namespaces/shipyard/deployments/racy", 409, 1);
        server.fail("PATCH", "/apis/naftiko.io/v1alpha3/namespaces/shipyard/capabilities/racy/status", 409, 1);

        createByReference("racy", document("rest-mock.yaml"));
        makeAvailable("racy");

        eventually(() -> capability("racy").getStatus(), s -> s != null && s.phase() == Phase.Running);
        assertThat(results).extracting(ReconcileResult::phase).doesNotContain(Phase.Failed);
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).extracting(e -> e.getReason())
                .doesNotContain("ReconcileFailed");
    }

    @Test
    void aLabelAndAnEnvVarSkipperStopsSettingLeaveTheChild() throws Exception {
        String labelled = document("rest-mock.yaml")
                .replace("  tags:\n  - test\n", "  labels:\n    team: shipping\n  tags:\n  - test\n");
        Capability created = createByReference("tidy", labelled);
        edit("tidy", c -> withEnv(c, env -> env.add(new EnvVarBuilder().withName("FEATURE_X").withValue("on").build())));
        eventually(() -> deployment("tidy"), d -> d != null && d.getMetadata().getLabels().containsKey("team")
                && env(d).contains("FEATURE_X"));

        ConfigMap source = client.configMaps().inNamespace(NS).withName("tidy-spec").get();
        source.setData(Map.of("capability.yaml", document("rest-mock.yaml")));
        client.resource(source).update();
        edit("tidy", c -> withEnv(c, env -> env.removeIf(e -> e.getName().equals("FEATURE_X"))));

        Deployment tidied = eventually(() -> deployment("tidy"), d -> !d.getMetadata().getLabels().containsKey("team")
                && !env(d).contains("FEATURE_X"));
        assertThat(tidied.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "tidy");
        assertThat(env(tidied)).contains("OTEL_SERVICE_NAME");
        assertThat(created.getMetadata().getName()).isEqualTo("tidy");
    }

    /** A user's edit of a Capability, tried again when the controller's status write came first (409), as kubectl edit would be. */
    void edit(String name, UnaryOperator<Capability> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(Capability.class).inNamespace(NS).withName(name).edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** The Capability with its runtime env changed, as a user's edit of the CR would. */
    static Capability withEnv(Capability capability, Consumer<List<EnvVar>> change) {
        CapabilityRuntime runtime = capability.getSpec().getRuntime();
        List<EnvVar> env = new ArrayList<>(runtime.env());
        change.accept(env);
        capability.getSpec().setRuntime(new CapabilityRuntime(runtime.className(), runtime.resources(), runtime.autoscaling(),
                runtime.resilience(), env, runtime.image(), runtime.routing(), runtime.mesh(), runtime.rollout()));
        return capability;
    }

    static List<String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream().map(e -> e.getName()).toList();
    }

    @Test
    void aConvergedCapabilityIsReconciledWithoutASingleWrite() throws Exception {
        createByReference("steady", document("control-only.yaml"));
        makeAvailable("steady");
        eventually(() -> capability("steady").getStatus(), s -> s != null && s.phase() == Phase.Running);
        Thread.sleep(300);
        drain();

        results.clear();
        controller.enqueue(NS + "/steady");
        eventually(() -> results.size(), n -> n >= 1);
        Thread.sleep(200);

        assertThat(results).allMatch(r -> !r.wrote());
        assertThat(drain()).noneMatch(method -> method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                || method.equals("DELETE"));
    }

    private List<String> drain() throws InterruptedException {
        return server.takeRequests().stream().map(InMemoryApiServer.Request::method).toList();
    }
}
