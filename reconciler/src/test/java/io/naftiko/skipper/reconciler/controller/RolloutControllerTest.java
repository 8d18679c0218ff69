package io.naftiko.skipper.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.testing.UpstreamCrds;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.reconciler.desired.DesiredAnalysisTemplate;
import io.naftiko.skipper.reconciler.desired.DesiredRollout;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import io.naftiko.skipper.reconciler.write.Conflicts;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Progressive delivery on the mock API with the real Argo Rollouts CRDs installed (the mock runs no Argo Rollouts
 * controller: a test writes what it would, the Rollout's status and the Deployment's replica count).
 */
class RolloutControllerTest {

    private static final String NS = "shipyard";
    private static final OperatorSettings SETTINGS = OperatorSettings.defaults()
            .withPrometheusUrl(Optional.of("http://prometheus-operated.monitoring:9090"));
    private InMemoryApiServer server;
    private KubernetesClient client;
    private CapabilityController controller;
    private final List<ReconcileResult> results = new CopyOnWriteArrayList<>();

    private void start(boolean argoRollouts) throws Exception {
        server = InMemoryApiServer.start(SystemClock.utc());
        client = server.client();
        List<String> crds = argoRollouts
                ? List.of("argo-rollouts/rollout-crd.yaml", "argo-rollouts/analysis-template-crd.yaml",
                        "prometheus-operator/monitoring.coreos.com_servicemonitors.yaml")
                : List.of("prometheus-operator/monitoring.coreos.com_servicemonitors.yaml");
        for (String crd : crds) {
            client.apiextensions().v1().customResourceDefinitions().resource(Mappers.yaml().readValue(Files.readString(
                    UpstreamCrds.ROOT.resolve(crd)), CustomResourceDefinition.class)).create();
        }
        controller = CapabilityControllerTest.started(client, results, SETTINGS);
    }

    @AfterEach
    void stop() {
        controller.close();
        client.close();
        server.close();
    }

    private void create(String name, String tier) throws Exception {
        String text = Files.readString(Path.of("src/test/resources/documents/rest-skill-control.yaml"));
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name + "-spec").endMetadata()
                .withData(Map.of("capability.yaml", text)).build()).create();
        Map<String, CapabilityClass> classes = new LinkedHashMap<>(ShippedClasses.all());
        SourceLoader.loadClasses(Path.of("src/test/resources/rollouts")).forEach(c -> classes.put(c.getMetadata().getName(), c));
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withGeneration(1L)
                .withLabels(Map.of(NaftikoLabels.TIER, tier)).build());
        capability.setSpec(new CapabilitySpec());
        capability.getSpec().setSpecRef(new SpecRef(name + "-spec", null));
        client.resource(CapabilityAdmission.admit(capability, AdmissionContext.offline(classes, SETTINGS)
                .withConfigMaps((ns, cm) -> Optional.of(Map.of("capability.yaml", text)))).admitted()).create();
    }

    private Optional<GenericKubernetesResource> argo(String kind, String name) {
        return Optional.ofNullable(client.genericKubernetesResources(DesiredRollout.API_VERSION, kind).inNamespace(NS).withName(name).get());
    }

    private Deployment deployment(String name) {
        return client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    private CapabilityStatus status(String name) {
        Capability capability = client.resources(Capability.class).inNamespace(NS).withName(name).get();
        return capability == null ? null : capability.getStatus();
    }

    /** Writes a Rollout status as Argo Rollouts would, from a {@code rollout-status/} fixture. */
    private void reportRollout(String name, String fixture) throws Exception {
        JsonNode reported = Mappers.yaml().readTree(Fixtures.read(Path.of("src/test/resources/rollout-status/" + fixture))).at("/rollout/status");
        Conflicts.retrying(() -> {
            GenericKubernetesResource rollout = argo(DesiredRollout.KIND, name).orElseThrow();
            Map<String, Object> status = Mappers.json().convertValue(reported, Map.class);
            status.put("observedGeneration", String.valueOf(rollout.getMetadata().getGeneration()));
            rollout.setAdditionalProperty("status", status);
            client.genericKubernetesResources(DesiredRollout.API_VERSION, DesiredRollout.KIND).inNamespace(NS).resource(rollout).updateStatus();
        });
    }

    /** Argo Rollouts installed, a premium Capability, and its Rollout created. */
    private void premiumWithItsRollout() throws Exception {
        start(true);
        create("harbour", "premium");
        CapabilityControllerTest.eventually(() -> argo(DesiredRollout.KIND, "harbour"), Optional::isPresent);
    }

    /** What Argo Rollouts does with {@code scaleDown: progressively}, once its own pods serve. */
    private void argoScalesTheDeploymentDown() {
        Conflicts.retrying(() -> client.apps().deployments().inNamespace(NS).withName("harbour").edit(d -> {
            d.getSpec().setReplicas(0);
            return d;
        }));
    }

    private void assertNoWriteOnAnotherPass(String name) throws InterruptedException {
        Thread.sleep(300);
        server.takeRequests();
        results.clear();
        controller.enqueue(NS + "/" + name);
        CapabilityControllerTest.eventually(results::size, n -> n >= 1);
        assertThat(results).allMatch(r -> !r.wrote());
        assertThat(server.takeRequests()).extracting(InMemoryApiServer.Request::method)
                .noneMatch(m -> m.equals("POST") || m.equals("PUT") || m.equals("PATCH") || m.equals("DELETE"));
    }

    @Test
    void aRolloutComesWithTheDeploymentTheAutoscalerTargetsItAndASteadyStateWritesNothing() throws Exception {
        start(true);
        create("harbour", "premium");

        GenericKubernetesResource rollout = CapabilityControllerTest.eventually(() -> argo(DesiredRollout.KIND, "harbour"), Optional::isPresent).get();
        assertThat(rollout.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> assertThat(o.getName()).isEqualTo("harbour"));
        assertThat(argo(DesiredAnalysisTemplate.KIND, "harbour")).isPresent();
        assertThat(client.services().inNamespace(NS).list().getItems()).extracting(s -> s.getMetadata().getName())
                .containsExactlyInAnyOrder("harbour", "harbour-canary", "harbour-stable", "harbour-metrics");
        HorizontalPodAutoscaler hpa = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("harbour").get();
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Rollout");
        assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo(DesiredRollout.API_VERSION);
        assertThat(deployment("harbour").getSpec().getReplicas()).as("the Rollout's controller owns it").isNull();
        CapabilityControllerTest.eventually(() -> status("harbour"), s -> s != null && s.rollout() != null);

        assertNoWriteOnAnotherPass("harbour");
    }

    @Test
    void theReplicasArgoRolloutsSetOnTheDeploymentAreNotReset() throws Exception {
        premiumWithItsRollout();

        argoScalesTheDeploymentDown();

        CapabilityControllerTest.eventually(() -> deployment("harbour").getSpec().getReplicas(), r -> r != null && r == 0);
        assertNoWriteOnAnotherPass("harbour");
        assertThat(deployment("harbour").getSpec().getReplicas()).isZero();
    }

    @Test
    void theCapabilityStatusFollowsTheRolloutToAnAbortAndBackToHealthy() throws Exception {
        premiumWithItsRollout();

        reportRollout("harbour", "canary-paused-at-step.yaml");
        CapabilityStatus paused = CapabilityControllerTest.eventually(() -> status("harbour"),
                s -> s != null && s.rollout() != null && "Paused".equals(s.rollout().phase()));
        assertThat(paused.phase()).isEqualTo(Phase.Running);
        assertThat(paused.rollout().step()).isEqualTo(2);
        assertThat(paused.rollout().steps()).isEqualTo(4);

        reportRollout("harbour", "canary-aborted-by-analysis.yaml");
        CapabilityStatus aborted = CapabilityControllerTest.eventually(() -> status("harbour"), s -> s.phase() == Phase.Degraded);
        assertThat(aborted.conditions()).filteredOn(c -> c.getType().equals(StatusRules.READY)).singleElement()
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("RolloutAborted");
                    assertThat(c.getMessage()).contains("Metric \"error-ratio\" assessed Failed");
                });

        reportRollout("harbour", "canary-healthy.yaml");
        CapabilityStatus healthy = CapabilityControllerTest.eventually(() -> status("harbour"), s -> s.phase() == Phase.Running
                && "Healthy".equals(s.rollout().phase()));
        assertThat(healthy.conditions()).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                .contains("Ready=True/Running", "Rollout=True/RolloutHealthy");
    }

    @Test
    void removingTheRolloutReturnsToAPlainDeploymentOnceItServes() throws Exception {
        premiumWithItsRollout();
        argoScalesTheDeploymentDown();

        Conflicts.retrying(() -> client.resources(Capability.class).inNamespace(NS).withName("harbour").edit(c -> {
            CapabilityRuntime r = c.getSpec().getRuntime();
            c.getSpec().setRuntime(new CapabilityRuntime(r.className(), r.resources(), r.autoscaling(), r.resilience(), r.env(), r.image(),
                    r.routing(), r.mesh(), null));
            c.getMetadata().setGeneration(2L);
            return c;
        }));

        CapabilityControllerTest.eventually(() -> client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("harbour")
                .get().getSpec().getScaleTargetRef().getKind(), "Deployment"::equals);
        assertThat(CapabilityControllerTest.eventually(() -> deployment("harbour").getSpec().getReplicas(), r -> r != null && r > 0))
                .as("back from the 0 Argo Rollouts left, to the runtime's minimum").isEqualTo(2);
        CapabilityControllerTest.eventually(() -> client.services().inNamespace(NS).list().getItems().stream()
                .map(Service::getMetadata).map(m -> m.getName()).toList(), names -> names.equals(List.of("harbour")));
        CapabilityControllerTest.eventually(() -> argo(DesiredAnalysisTemplate.KIND, "harbour"), Optional::isEmpty);
        assertThat(argo(DesiredRollout.KIND, "harbour")).as("its pods serve until the Deployment's do").isPresent();

        Conflicts.retrying(() -> {
            Deployment deployment = deployment("harbour");
            deployment.setStatus(new DeploymentStatusBuilder().withReplicas(2).withAvailableReplicas(2).build());
            client.apps().deployments().inNamespace(NS).resource(deployment).updateStatus();
        });

        CapabilityControllerTest.eventually(() -> argo(DesiredRollout.KIND, "harbour"), Optional::isEmpty);
        CapabilityStatus status = CapabilityControllerTest.eventually(() -> status("harbour"), s -> s.phase() == Phase.Running);
        assertThat(status.rollout()).isNull();
        assertThat(status.conditions()).extracting(c -> c.getType()).doesNotContain(StatusRules.ROLLOUT);
    }

    @Test
    void withoutTheArgoRolloutsCrdsAPlainDeploymentRunsAndTheCapabilitySaysSo() throws Exception {
        start(false);
        create("harbour", "premium");

        CapabilityStatus status = CapabilityControllerTest.eventually(() -> status("harbour"), s -> s != null && s.rollout() != null);
        assertThat(status.rollout().phase()).isEqualTo("Unmanaged");
        assertThat(status.conditions()).filteredOn(c -> c.getType().equals(StatusRules.ROLLOUT)).singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("ArgoRolloutsNotInstalled"));
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(NS).withName("harbour").get()
                .getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        List<Event> events = CapabilityControllerTest.eventually(() -> client.v1().events().inNamespace(NS).list().getItems(),
                list -> list.stream().anyMatch(e -> "ArgoRolloutsUnavailable".equals(e.getReason())));
        assertThat(events).filteredOn(e -> "ArgoRolloutsUnavailable".equals(e.getReason())).singleElement()
                .satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));
    }

    @Test
    void aBlueGreenRolloutPreviewsOnItsOwnServiceAndSwitchesTheCapabilitysService() throws Exception {
        start(true);
        create("harbour", "blue-green");

        GenericKubernetesResource rollout = CapabilityControllerTest.eventually(() -> argo(DesiredRollout.KIND, "harbour"), Optional::isPresent).get();
        JsonNode blueGreen = Mappers.json().valueToTree(rollout).at("/spec/strategy/blueGreen");
        assertThat(blueGreen.path("activeService").asText()).isEqualTo("harbour");
        assertThat(blueGreen.path("previewService").asText()).isEqualTo("harbour-preview");
        assertThat(client.services().inNamespace(NS).withName("harbour-preview").get()).isNotNull();
        assertThat(Mappers.json().valueToTree(rollout).at("/spec/replicas").asInt()).isEqualTo(2);

        reportRollout("harbour", "blue-green-preview-failed.yaml");
        CapabilityStatus failed = CapabilityControllerTest.eventually(() -> status("harbour"), s -> s != null && s.phase() == Phase.Degraded);
        assertThat(failed.rollout().message()).contains("latency-p99");
    }
}
