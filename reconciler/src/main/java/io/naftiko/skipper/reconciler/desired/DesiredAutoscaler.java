package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import io.naftiko.skipper.api.v1alpha3.Autoscaling;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HorizontalPodAutoscaler {@code {name}} when the runtime allows more replicas than its minimum, scaling the
 * Deployment, or the Rollout when one runs the pods.
 * It scales on CPU, and on requests per second per pod when the operator names a metric for it
 * ({@code NAFTIKO_HPA_REQUESTS_METRIC}, served by a custom-metrics adapter).
 */
public final class DesiredAutoscaler {

    /** CPU utilization the autoscaler aims for. */
    public static final int TARGET_CPU_PERCENT = 80;

    private DesiredAutoscaler() {
    }

    /** What the autoscaler scales: the Rollout under a rollout (it has the scale subresource), else the Deployment. */
    private static CrossVersionObjectReference target(CapabilityInputs inputs) {
        return inputs.rollout().isPresent()
                ? new CrossVersionObjectReference(DesiredRollout.API_VERSION, DesiredRollout.KIND, inputs.name())
                : new CrossVersionObjectReference("apps/v1", "Deployment", inputs.name());
    }

    /** The autoscaler; none when min and max replicas are equal. */
    public static Optional<HorizontalPodAutoscaler> of(CapabilityInputs inputs) {
        Autoscaling autoscaling = inputs.runtime().autoscaling();
        if (autoscaling == null || autoscaling.maxReplicas() == null) {
            return Optional.empty();
        }
        int min = autoscaling.minReplicas() == null ? 1 : autoscaling.minReplicas();
        if (autoscaling.maxReplicas() <= min) {
            return Optional.empty();
        }
        List<MetricSpec> metrics = new ArrayList<>();
        metrics.add(new MetricSpecBuilder().withType("Resource").withNewResource().withName("cpu")
                .withNewTarget().withType("Utilization").withAverageUtilization(TARGET_CPU_PERCENT).endTarget()
                .endResource().build());
        if (autoscaling.targetRequestsPerSecond() != null) {
            inputs.settings().hpaRequestsMetric().ifPresent(metric -> metrics.add(new MetricSpecBuilder()
                    .withType("Pods").withNewPods().withNewMetric().withName(metric).endMetric()
                    .withNewTarget().withType("AverageValue")
                    .withAverageValue(new Quantity(autoscaling.targetRequestsPerSecond().toString())).endTarget()
                    .endPods().build()));
        }
        return Optional.of(new HorizontalPodAutoscalerBuilder()
                .withMetadata(inputs.childMetadata())
                .withNewSpec()
                .withScaleTargetRef(target(inputs))
                .withMinReplicas(min)
                .withMaxReplicas(autoscaling.maxReplicas())
                .withMetrics(metrics)
                .endSpec()
                .build());
    }
}
