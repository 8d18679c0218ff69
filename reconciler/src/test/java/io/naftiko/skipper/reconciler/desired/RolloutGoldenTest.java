package io.naftiko.skipper.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.AdmissionOutcome;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.testing.Golden;
import io.naftiko.skipper.api.testing.Promtool;
import io.naftiko.skipper.api.testing.StructuralSchema;
import io.naftiko.skipper.api.testing.UpstreamCrds;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a class's {@code rollout} makes of a Capability with Argo Rollouts installed: a Rollout taking over the
 * Deployment, the Services its strategy switches, an AnalysisTemplate on the engine's metrics, the autoscaler and the
 * ServiceMonitor re-aimed. Every shipped tier that sets a rollout (premium, canary) and a blue/green test tier, against
 * golden YAML ({@code golden/RolloutGoldenTest.<tier>-<Kind>-<name>.yaml}) and the real Argo Rollouts and Prometheus
 * Operator CRDs.
 */
class RolloutGoldenTest {

    private static final Path FOLDER = Path.of("src/test/resources/rollouts");
    private static final String DOCUMENT = "src/test/resources/documents/rest-skill-control.yaml";
    static final OperatorSettings SETTINGS = DesiredStateGoldenTest.SETTINGS
            .withPrometheusUrl(Optional.of("http://prometheus-operated.monitoring:9090"));
    private static final Map<String, JsonNode> SCHEMAS = Map.of(
            "Rollout", UpstreamCrds.schema("argo-rollouts/rollout-crd.yaml", "v1alpha1"),
            "AnalysisTemplate", UpstreamCrds.schema("argo-rollouts/analysis-template-crd.yaml", "v1alpha1"),
            "ServiceMonitor", UpstreamCrds.schema("prometheus-operator/monitoring.coreos.com_servicemonitors.yaml", "v1"));

    static CapabilityInputs inputs(String tier, OperatorSettings settings, InstalledApis apis) throws Exception {
        Map<String, CapabilityClass> classes = new LinkedHashMap<>(ShippedClasses.all());
        SourceLoader.loadClasses(FOLDER).forEach(c -> classes.put(c.getMetadata().getName(), c));
        String text = Files.readString(Path.of(DOCUMENT));
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName("harbour").withNamespace("shipyard")
                .withUid("00000000-0000-0000-0000-000000000003").withLabels(Map.of(NaftikoLabels.TIER, tier)).build());
        capability.setSpec(Mappers.json().convertValue(Mappers.yaml().readTree(text), CapabilitySpec.class));
        AdmissionOutcome outcome = CapabilityAdmission.admit(capability, AdmissionContext.offline(classes, settings));
        assertThat(outcome.validation().violations()).isEmpty();
        IkanosDocument parsed = outcome.validation().document().orElseThrow().document();
        return new CapabilityInputs(outcome.admitted(), parsed, settings, Map.of(), Map.of(), apis);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"premium", "blue-green"})
    void aRolloutTakesOverTheDeploymentWithTheServicesAndTheAnalysisItsStrategyNeeds(String tier) throws Exception {
        DesiredState state = DesiredState.of(inputs(tier, SETTINGS, InstalledApis.all()));

        GenericKubernetesResource rollout = state.rollout().orElseThrow();
        JsonNode spec = Mappers.json().valueToTree(rollout).path("spec");
        assertThat(spec.at("/workloadRef/name").asText()).isEqualTo("harbour");
        assertThat(spec.at("/workloadRef/scaleDown").asText()).isEqualTo("progressively");
        assertThat(state.deployment().getSpec().getReplicas()).as("Argo Rollouts scales the Deployment").isNull();
        assertThat(state.analysisTemplate()).isPresent();
        for (HasMetadata child : state.children()) {
            JsonNode json = Mappers.json().valueToTree(child);
            if (SCHEMAS.containsKey(child.getKind())) {
                assertThat(StructuralSchema.validate(SCHEMAS.get(child.getKind()), json)).as(child.getKind()).isEmpty();
            }
            if (!List.of("ConfigMap", "Ingress").contains(child.getKind())) {
                Golden.assertMatches(Path.of("src/test/resources/golden/RolloutGoldenTest." + tier + "-" + child.getKind() + "-"
                        + child.getMetadata().getName() + ".yaml"), Mappers.yaml().writeValueAsString(child));
            }
        }
    }

    @Test
    void aCanaryHasCanaryAndStableServicesAndTheAutoscalerScalesTheRollout() throws Exception {
        DesiredState state = DesiredState.of(inputs("premium", SETTINGS, InstalledApis.all()));

        assertThat(state.rolloutServices()).extracting(s -> s.getMetadata().getName())
                .containsExactly("harbour-canary", "harbour-stable", "harbour-metrics");
        assertThat(state.autoscaler().orElseThrow().getSpec().getScaleTargetRef().getKind()).isEqualTo("Rollout");
        assertThat(Mappers.json().valueToTree(state.rollout().orElseThrow()).at("/spec/replicas").isMissingNode())
                .as("the autoscaler owns the count").isTrue();
        JsonNode monitor = Mappers.json().valueToTree(state.serviceMonitor().orElseThrow()).path("spec");
        assertThat(monitor.at("/selector/matchLabels/" + NaftikoLabels.CAPABILITY.replace("/", "~1")).asText()).isEqualTo("harbour");
        assertThat(monitor.at("/selector/matchLabels/" + DesiredService.ROLE.replace("/", "~1")).asText()).isEqualTo("metrics");
        Service metrics = state.rolloutServices().get(2);
        assertThat(metrics.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(metrics.getSpec().getPorts()).extracting(p -> p.getName()).containsExactly("control");
    }

    @Test
    void withoutArgoRolloutsThePlainDeploymentRunsThePodsAsBefore() throws Exception {
        DesiredState withRollouts = DesiredState.of(inputs("premium", SETTINGS, InstalledApis.all()));
        DesiredState without = DesiredState.of(inputs("premium", SETTINGS, new InstalledApis(true, true, false)));

        assertThat(without.rollout()).isEmpty();
        assertThat(without.analysisTemplate()).isEmpty();
        assertThat(without.rolloutServices()).isEmpty();
        assertThat(without.autoscaler().orElseThrow().getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(Mappers.json().valueToTree(without.serviceMonitor().orElseThrow()).at("/spec/podTargetLabels").isMissingNode()).isTrue();
        assertThat(without.deployment().getSpec().getTemplate()).isEqualTo(withRollouts.deployment().getSpec().getTemplate());
    }

    @Test
    void withoutPrometheusTheRolloutRunsItsStepsWithoutAnAnalysis() throws Exception {
        DesiredState state = DesiredState.of(inputs("premium", DesiredStateGoldenTest.SETTINGS, InstalledApis.all()));

        assertThat(state.analysisTemplate()).isEmpty();
        JsonNode canary = Mappers.json().valueToTree(state.rollout().orElseThrow()).at("/spec/strategy/canary");
        assertThat(canary.has("analysis")).isFalse();
        assertThat(canary.path("steps")).hasSize(4);
    }

    @Test
    void withoutTheServiceMonitorCrdThereIsNoAnalysisForNoSeriesWouldCarryTheLabelsItReads() throws Exception {
        DesiredState state = DesiredState.of(inputs("premium", SETTINGS, new InstalledApis(false, true, true)));

        assertThat(state.rollout()).isPresent();
        assertThat(state.analysisTemplate()).isEmpty();
        assertThat(Mappers.json().valueToTree(state.rollout().orElseThrow()).at("/spec/strategy/canary").has("analysis")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"premium", "blue-green"})
    void promtoolAcceptsEveryAnalysisQuery(String tier, @TempDir Path directory) throws Exception {
        CapabilityInputs inputs = inputs(tier, SETTINGS, InstalledApis.all());
        Map<String, String> queries = DesiredAnalysisTemplate.queries(inputs, inputs.rollout().orElseThrow().analysis(), "6d4f9c8b7");
        StringBuilder rules = new StringBuilder("groups:\n- name: analysis\n  rules:\n");
        queries.forEach((name, query) -> rules.append("  - record: skipper:analysis:").append(name.replace('-', '_'))
                .append("\n    expr: '").append(query.replace("'", "''")).append("'\n"));
        Path file = directory.resolve("analysis-rules.yaml");
        Files.writeString(file, rules);

        Optional<Promtool.Result> checked = Promtool.run("check", "rules", file.toString());

        Assumptions.assumeTrue(checked.isPresent(), "promtool is not installed (apt-get install prometheus); the queries were not checked");
        assertThat(checked.get().exitCode()).as(checked.get().output()).isZero();
        assertThat(checked.get().output()).contains("SUCCESS: 2 rules found");
    }

    @Test
    void theRealCrdCatchesABrokenRollout() {
        JsonNode broken = Mappers.json().createObjectNode().put("apiVersion", "argoproj.io/v1alpha1").put("kind", "Rollout")
                .set("spec", Mappers.json().createObjectNode().set("strategy", Mappers.json().createObjectNode()
                        .set("canary", Mappers.json().createObjectNode().put("steps", "setWeight 10"))));

        assertThat(StructuralSchema.validate(SCHEMAS.get("Rollout"), broken)).isNotEmpty();
    }
}
