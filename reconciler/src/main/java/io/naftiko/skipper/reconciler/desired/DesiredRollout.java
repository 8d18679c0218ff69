package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Argo Rollouts {@code Rollout} {@code {name}} that takes over the Capability's Deployment through
 * {@code workloadRef}: Argo Rollouts runs the Deployment's pod template in its own ReplicaSets by the class's steps,
 * and scales the Deployment down as its own pods come up ({@code scaleDown: progressively}), so the Deployment stays
 * the object Skipper renders and a user reads. With an analysis (and the operator's Prometheus address) the new pods
 * are judged by the {@link DesiredAnalysisTemplate}; a failed analysis aborts the rollout, back to the stable pods.
 */
public final class DesiredRollout {

    /** API version of Argo Rollouts' kinds. */
    public static final String API_VERSION = "argoproj.io/v1alpha1";
    /** The kind. */
    public static final String KIND = "Rollout";
    /** The argument naming the pods under analysis: the pod-template hash of the newest ReplicaSet. */
    public static final String HASH_ARGUMENT = "pod-template-hash";

    private DesiredRollout() {
    }

    /** The Rollout; none without a rollout in the runtime or without the Argo Rollouts CRDs. */
    public static Optional<GenericKubernetesResource> of(CapabilityInputs inputs) {
        return inputs.rollout().map(rollout -> new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withMetadata(inputs.childMetadata())
                .withAdditionalProperties(Map.of("spec", spec(inputs, rollout)))
                .build());
    }

    private static Map<String, Object> spec(CapabilityInputs inputs, RolloutStrategy rollout) {
        // Ordered maps: the same inputs give the same bytes (golden files, and no spurious updates).
        Map<String, Object> spec = new LinkedHashMap<>();
        if (DesiredAutoscaler.of(inputs).isEmpty()) {
            // With an autoscaler, the autoscaler alone owns the count (it targets this Rollout).
            spec.put("replicas", DesiredDeployment.fixedReplicas(inputs));
        }
        spec.put("selector", Map.of("matchLabels", inputs.selector()));
        Map<String, Object> workload = new LinkedHashMap<>();
        workload.put("apiVersion", "apps/v1");
        workload.put("kind", "Deployment");
        workload.put("name", inputs.name());
        workload.put("scaleDown", "progressively");
        spec.put("workloadRef", workload);
        spec.put("strategy", Map.of(rollout.strategy(), rollout.isCanary() ? canary(inputs, rollout) : blueGreen(inputs, rollout)));
        return spec;
    }

    private static Map<String, Object> canary(CapabilityInputs inputs, RolloutStrategy rollout) {
        Map<String, Object> canary = new LinkedHashMap<>();
        if (!inputs.ports().isEmpty()) {
            canary.put("canaryService", DesiredService.rolloutService(inputs.name(), "canary"));
            canary.put("stableService", DesiredService.rolloutService(inputs.name(), "stable"));
        }
        putPods(canary, "maxSurge", rollout.maxSurge());
        putPods(canary, "maxUnavailable", rollout.maxUnavailable());
        List<Object> steps = new ArrayList<>();
        for (RolloutStrategy.Step step : rollout.stepsOrEmpty()) {
            if (step.setWeight() != null) {
                steps.add(Map.of("setWeight", step.setWeight()));
            } else {
                steps.add(Map.of("pause", step.pause().duration() == null ? Map.of() : Map.of("duration", step.pause().duration())));
            }
        }
        canary.put("steps", steps);
        analysis(inputs).ifPresent(analysis -> {
            // In the background, from the first step on: the canary's pods are judged for as long as they run.
            if (!steps.isEmpty()) {
                analysis.put("startingStep", 1);
            }
            canary.put("analysis", analysis);
        });
        return canary;
    }

    private static Map<String, Object> blueGreen(CapabilityInputs inputs, RolloutStrategy rollout) {
        Map<String, Object> blueGreen = new LinkedHashMap<>();
        blueGreen.put("activeService", inputs.name());
        blueGreen.put("previewService", DesiredService.rolloutService(inputs.name(), "preview"));
        if (rollout.autoPromotionEnabled() != null) {
            blueGreen.put("autoPromotionEnabled", rollout.autoPromotionEnabled());
        }
        if (rollout.scaleDownDelaySeconds() != null) {
            blueGreen.put("scaleDownDelaySeconds", rollout.scaleDownDelaySeconds());
        }
        putPods(blueGreen, "maxUnavailable", rollout.maxUnavailable());
        // Before the switch: the preview pods are judged while no user traffic reaches them but the analysis's own.
        analysis(inputs).ifPresent(analysis -> blueGreen.put("prePromotionAnalysis", analysis));
        return blueGreen;
    }

    /** The analysis reference, when an AnalysisTemplate is kept. */
    private static Optional<Map<String, Object>> analysis(CapabilityInputs inputs) {
        if (inputs.runtime().rollout().analysis() == null || DesiredAnalysisTemplate.cannotRun(inputs).isPresent()) {
            return Optional.empty();
        }
        Map<String, Object> analysis = new LinkedHashMap<>();
        analysis.put("templates", List.of(Map.of("templateName", inputs.name())));
        Map<String, Object> argument = new LinkedHashMap<>();
        argument.put("name", HASH_ARGUMENT);
        argument.put("valueFrom", Map.of("podTemplateHashValue", "Latest"));
        analysis.put("args", List.of(argument));
        return Optional.of(analysis);
    }

    private static void putPods(Map<String, Object> target, String field, IntOrString value) {
        if (value != null) {
            target.put(field, value.getIntVal() != null ? value.getIntVal() : value.getStrVal());
        }
    }
}
