package io.naftiko.skipper.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import io.naftiko.skipper.api.v1alpha3.RolloutSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reading Argo Rollouts' report: each file of {@code rollout-status/} is a Rollout in one of the status shapes Argo
 * Rollouts documents (pending, progressing, paused at a step or for promotion, aborted by analysis or by hand,
 * degraded, healthy) and what the Capability must say of it. Then what that does to the Capability's phase.
 */
class RolloutProgressTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:05:00Z");
    private static final RolloutStrategy CANARY = new RolloutStrategy(RolloutStrategy.CANARY,
            List.of(new RolloutStrategy.Step(50, null)), null, null, null, null, null);

    static Stream<Path> cases() {
        return Fixtures.filesIn(Path.of("src/test/resources/rollout-status"), ".yaml").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theRolloutsStatusBecomesTheCapabilitysWords(Path file) throws Exception {
        JsonNode spec = Mappers.yaml().readTree(Fixtures.read(file));
        RolloutStrategy strategy = Mappers.json().treeToValue(spec.get("strategy"), RolloutStrategy.class);
        JsonNode expect = spec.get("expect");

        RolloutProgress progress = RolloutProgress.of(Optional.of(spec.get("rollout")), strategy);

        assertThat(progress.phase().name()).isEqualTo(expect.path("phase").asText());
        assertThat(progress.reason()).isEqualTo(expect.path("reason").asText());
        assertThat(progress.message()).isEqualTo(expect.path("message").asText());
        assertThat(progress.available()).isEqualTo(expect.path("available").asBoolean());
        RolloutSummary summary = progress.summary();
        assertThat(summary.strategy()).isEqualTo(strategy.strategy());
        assertThat(summary.phase()).isEqualTo(expect.path("phase").asText());
        assertThat(summary.step()).isEqualTo(expect.has("step") ? expect.path("step").asInt() : null);
        assertThat(summary.steps()).isEqualTo(expect.has("steps") ? expect.path("steps").asInt() : null);
    }

    @Test
    void aRolloutNotYetInTheCacheIsPending() {
        RolloutProgress progress = RolloutProgress.of(Optional.empty(), CANARY);

        assertThat(progress.phase()).isEqualTo(RolloutProgress.Phase.Pending);
        assertThat(progress.available()).isFalse();
    }

    @Test
    void anAbortedRolloutMakesTheCapabilityDegradedWithTheAnalysissReason() throws Exception {
        JsonNode aborted = Mappers.yaml().readTree(Fixtures.read(Path.of("src/test/resources/rollout-status/canary-aborted-by-analysis.yaml")));
        RolloutProgress progress = RolloutProgress.of(Optional.of(aborted.get("rollout")),
                Mappers.json().treeToValue(aborted.get("strategy"), RolloutStrategy.class));

        CapabilityStatus status = StatusRules.status(null, facts(true, progress), NOW);

        assertThat(status.phase()).isEqualTo(Phase.Degraded);
        Condition ready = condition(status, StatusRules.READY);
        assertThat(ready.getReason()).isEqualTo("RolloutAborted");
        assertThat(ready.getMessage()).contains("error-ratio");
        assertThat(condition(status, StatusRules.ROLLOUT).getStatus()).isEqualTo("False");
        assertThat(status.rollout().phase()).isEqualTo("Degraded");
    }

    @Test
    void aPausedCanaryWhosePodsServeIsRunningAndSaysWhereItIs() {
        RolloutProgress paused = new RolloutProgress(RolloutProgress.Phase.Paused, "RolloutPaused", "paused at step 2 of 4",
                new RolloutSummary("canary", "Paused", 2, 4, "paused at step 2 of 4"), true);

        CapabilityStatus status = StatusRules.status(null, facts(false, paused), NOW);

        assertThat(status.phase()).as("the Deployment is at 0; the Rollout's pods serve").isEqualTo(Phase.Running);
        assertThat(condition(status, StatusRules.ROLLOUT).getReason()).isEqualTo("RolloutPaused");
        assertThat(status.rollout().step()).isEqualTo(2);
    }

    @Test
    void aRolloutWithNoAvailablePodIsPendingOnTheRolloutNotTheDeployment() {
        CapabilityStatus status = StatusRules.status(null, facts(true, RolloutProgress.of(Optional.empty(), CANARY)), NOW);

        assertThat(status.phase()).isEqualTo(Phase.Pending);
        assertThat(condition(status, StatusRules.READY).getReason()).isEqualTo("RolloutNotAvailable");
    }

    @Test
    void withoutArgoRolloutsTheDeploymentDecidesAndTheConditionSaysWhy() {
        RolloutProgress unmanaged = RolloutProgress.unmanaged(CANARY, "ArgoRolloutsNotInstalled", "not installed", true);

        CapabilityStatus status = StatusRules.status(null, facts(true, unmanaged), NOW);

        assertThat(status.phase()).isEqualTo(Phase.Running);
        assertThat(condition(status, StatusRules.ROLLOUT)).satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ArgoRolloutsNotInstalled");
        });
    }

    @Test
    void withoutARolloutThereIsNoRolloutCondition() {
        CapabilityStatus status = StatusRules.status(null, new ReconcileFacts(1, Optional.empty(), List.of(), true, Optional.empty(),
                null, "standard", Optional.empty(), Optional.empty()), NOW);

        assertThat(status.conditions()).extracting(Condition::getType).doesNotContain(StatusRules.ROLLOUT);
        assertThat(status.rollout()).isNull();
    }

    private static ReconcileFacts facts(boolean deploymentAvailable, RolloutProgress rollout) {
        return new ReconcileFacts(2, Optional.empty(), List.of(), deploymentAvailable, Optional.empty(), null, "premium",
                Optional.empty(), Optional.of(rollout));
    }

    private static Condition condition(CapabilityStatus status, String type) {
        return status.conditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
    }
}
