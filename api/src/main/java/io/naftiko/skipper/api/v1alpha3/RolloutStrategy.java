package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * How a spec change reaches the pods ({@code spec.rollout} of a class, {@code spec.runtime.rollout} of a Capability):
 * with the Argo Rollouts CRDs installed, the reconciler keeps a {@code Rollout} that takes over the Capability's
 * Deployment and an {@code AnalysisTemplate} on the engine's own error ratio and p99 latency. Defaulted as a whole:
 * a runtime that sets its own rollout takes nothing of the class's.
 *
 * @param strategy              {@code canary} or {@code blueGreen}
 * @param steps                 canary only: the steps, each a {@code setWeight} or a {@code pause}
 * @param maxSurge              canary only: pods above the desired count during an update (a number or a percentage)
 * @param maxUnavailable        pods that may be unavailable during an update (a number or a percentage)
 * @param autoPromotionEnabled  blue/green only: switch traffic to the new pods as soon as they are ready (and the
 *                              analysis passed); false waits for {@code kubectl argo rollouts promote}
 * @param scaleDownDelaySeconds blue/green only: how long the old pods stay after the switch, for a fast rollback
 * @param analysis              the thresholds the new pods are judged by; absent, no analysis runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutStrategy(String strategy, List<Step> steps, IntOrString maxSurge, IntOrString maxUnavailable,
                              Boolean autoPromotionEnabled, Integer scaleDownDelaySeconds, Analysis analysis) {

    /** The canary strategy's name. */
    public static final String CANARY = "canary";
    /** The blue/green strategy's name. */
    public static final String BLUE_GREEN = "blueGreen";
    /** The strategies Skipper knows. */
    public static final List<String> STRATEGIES = List.of(CANARY, BLUE_GREEN);

    /** Whether this is the canary strategy. */
    @JsonIgnore
    public boolean isCanary() {
        return CANARY.equals(strategy);
    }

    /** The steps, never null. */
    @JsonIgnore
    public List<Step> stepsOrEmpty() {
        return steps == null ? List.of() : steps;
    }

    /**
     * One canary step: exactly one of its fields is set.
     *
     * @param setWeight percentage of pods (0–100) that run the new version
     * @param pause     wait, for a duration or (empty) until promoted
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(Integer setWeight, Pause pause) {
    }

    /**
     * A pause of a canary.
     *
     * @param duration how long, e.g. {@code 2m}; absent, until {@code kubectl argo rollouts promote}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pause(String duration) {
    }

    /**
     * The analysis of the new pods, from the engine's metrics in Prometheus.
     *
     * @param maxErrorRatio  highest {@code ikanos_request_errors / ikanos_request_total} (0–1) that passes
     * @param maxLatencyP99  highest p99 of {@code ikanos_request_duration_seconds} that passes, e.g. {@code 500ms}
     * @param interval       time between measurements, e.g. {@code 1m}; also the rate window
     * @param count          measurements taken
     * @param failureLimit   failed measurements tolerated before the rollout is aborted and rolled back
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Analysis(Double maxErrorRatio, String maxLatencyP99, String interval, Integer count, Integer failureLimit) {
    }
}
