package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The defaults and policy of one tier.
 *
 * @param resources  default requests and limits
 * @param hpa        default replica bounds and request rate per replica
 * @param resilience default Resilience4j settings
 * @param policy     what the tier allows
 * @param routing    where REST exposes are routed (a Gateway API Gateway), defaulted into {@code runtime.routing}
 * @param mesh       the service mesh pods join ({@code linkerd}, {@code istio}, {@code consul}), defaulted into
 *                   {@code runtime.mesh}
 * @param rollout    how spec changes reach the pods (canary or blue/green through Argo Rollouts), defaulted into
 *                   {@code runtime.rollout}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilityClassSpec(
        ComputeResources resources,
        Autoscaling hpa,
        Resilience resilience,
        TierPolicy policy,
        Routing routing,
        String mesh,
        RolloutStrategy rollout) {
}
