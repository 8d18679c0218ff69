package io.naftiko.skipper.reconciler.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import io.naftiko.skipper.api.v1alpha3.RolloutSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What Argo Rollouts reports on a Capability's Rollout, read into Skipper's terms. Pure: from the Rollout as the cache
 * holds it (or its absence) and the strategy the runtime asks for.
 *
 * @param phase     where it stands
 * @param reason    the {@code Rollout} condition's CamelCase reason
 * @param message   the condition's message, for a person
 * @param summary   {@code status.rollout} of the Capability
 * @param available whether the Rollout's pods serve (some are available)
 */
public record RolloutProgress(Phase phase, String reason, String message, RolloutSummary summary, boolean available) {

    /** Where a rollout stands. */
    public enum Phase {
        /** Argo Rollouts has not reported on this generation of the Rollout yet. */
        Pending,
        /** New pods are coming up, or a step is running. */
        Progressing,
        /** At a pause step, or waiting to be promoted. */
        Paused,
        /** Aborted (a failed analysis, or by hand) or stuck: the stable pods serve. */
        Degraded,
        /** Every pod runs the current spec. */
        Healthy,
        /** No Rollout runs it (Argo Rollouts is not installed, or the strategy cannot run here): the Deployment rolls the pods. */
        Unmanaged
    }

    /** The runtime asks for a rollout that no Rollout runs: why, and the Deployment's availability instead. */
    public static RolloutProgress unmanaged(RolloutStrategy strategy, String reason, String message, boolean deploymentAvailable) {
        return new RolloutProgress(Phase.Unmanaged, reason, message, new RolloutSummary(strategy.strategy(), Phase.Unmanaged.name(),
                null, null, message), deploymentAvailable);
    }

    /** Reads the Rollout ({@code rollout} empty: not created or not yet in the cache). */
    public static RolloutProgress of(Optional<JsonNode> rollout, RolloutStrategy strategy) {
        int steps = strategy.isCanary() ? strategy.stepsOrEmpty().size() : 0;
        JsonNode status = rollout.map(r -> r.path("status")).orElse(null);
        long generation = rollout.map(r -> r.path("metadata").path("generation").asLong(0)).orElse(0L);
        if (status == null || status.path("phase").asText("").isEmpty()) {
            return progress(Phase.Pending, "RolloutPending", "waiting for Argo Rollouts to report on the Rollout", strategy, null, steps, false);
        }
        boolean available = status.path("availableReplicas").asInt(0) > 0;
        Integer step = strategy.isCanary() && steps > 0 && status.has("currentStepIndex")
                ? Math.min(status.path("currentStepIndex").asInt() + 1, steps) : null;
        String argoMessage = status.path("message").asText("");
        String observed = status.path("observedGeneration").asText("");
        if (generation > 0 && !observed.equals(Long.toString(generation))) {
            return progress(Phase.Progressing, "RolloutNotObserved", "Argo Rollouts has not yet observed generation " + generation
                    + " of the Rollout", strategy, step, steps, available);
        }
        if (status.path("abort").asBoolean(false)) {
            String why = firstNonEmpty(analysisMessage(status), argoMessage, conditionMessage(status, "RolloutAborted"))
                    .orElse("the rollout was aborted");
            return progress(Phase.Degraded, "RolloutAborted", "rolled back to the stable pods: " + why, strategy, step, steps, available);
        }
        String stepText = step == null ? "" : " at step " + step + " of " + steps;
        return switch (status.path("phase").asText()) {
            case "Healthy" -> progress(Phase.Healthy, "RolloutHealthy", "every pod runs the current spec", strategy, step, steps, available);
            case "Paused" -> progress(Phase.Paused, "RolloutPaused", "paused" + stepText + pauseText(status)
                    + "; to go on now: kubectl argo rollouts promote " + rollout.get().path("metadata").path("name").asText(),
                    strategy, step, steps, available);
            case "Degraded" -> progress(Phase.Degraded, "RolloutDegraded", firstNonEmpty(argoMessage, analysisMessage(status))
                    .orElse("Argo Rollouts reports the rollout Degraded"), strategy, step, steps, available);
            default -> progress(Phase.Progressing, "RolloutProgressing", "progressing" + stepText
                    + (argoMessage.isEmpty() ? "" : ": " + argoMessage), strategy, step, steps, available);
        };
    }

    private static RolloutProgress progress(Phase phase, String reason, String message, RolloutStrategy strategy, Integer step,
                                            int steps, boolean available) {
        return new RolloutProgress(phase, reason, message, new RolloutSummary(strategy.strategy(), phase.name(), step,
                strategy.isCanary() && steps > 0 ? steps : null, message), available);
    }

    /** The message of the analysis run that decided, canary or blue/green. */
    private static String analysisMessage(JsonNode status) {
        for (JsonNode run : List.of(status.at("/canary/currentBackgroundAnalysisRunStatus"), status.at("/canary/currentStepAnalysisRunStatus"),
                status.at("/blueGreen/prePromotionAnalysisRunStatus"), status.at("/blueGreen/postPromotionAnalysisRunStatus"))) {
            String phase = run.path("status").asText("");
            if ((phase.equals("Failed") || phase.equals("Error") || phase.equals("Inconclusive")) && !run.path("message").asText("").isEmpty()) {
                return "analysis " + run.path("name").asText() + " " + phase + ": " + run.path("message").asText();
            }
        }
        return "";
    }

    private static String conditionMessage(JsonNode status, String reason) {
        for (JsonNode condition : status.path("conditions")) {
            if (reason.equals(condition.path("reason").asText())) {
                return condition.path("message").asText("");
            }
        }
        return "";
    }

    private static String pauseText(JsonNode status) {
        List<String> reasons = new ArrayList<>();
        status.path("pauseConditions").forEach(p -> reasons.add(p.path("reason").asText()));
        return reasons.isEmpty() ? "" : " (" + String.join(", ", reasons) + ")";
    }

    private static Optional<String> firstNonEmpty(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
