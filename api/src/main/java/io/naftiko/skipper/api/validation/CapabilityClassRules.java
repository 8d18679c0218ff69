package io.naftiko.skipper.api.validation;

import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilityClassSpec;
import io.naftiko.skipper.api.v1alpha3.ComputeResources;
import io.naftiko.skipper.api.v1alpha3.ResourceAmounts;
import io.naftiko.skipper.api.v1alpha3.TierPolicy;
import java.util.ArrayList;
import java.util.List;

/** Rules over a CapabilityClass: its defaults are consistent, and they obey its own policy. */
public final class CapabilityClassRules {

    private CapabilityClassRules() {
    }

    /** Every violation in the class. */
    public static List<Violation> validate(CapabilityClass capabilityClass) {
        List<Violation> violations = new ArrayList<>();
        CapabilityClassSpec spec = capabilityClass.getSpec();
        if (spec == null) {
            violations.add(new Violation("spec", "required"));
            return violations;
        }
        violations.addAll(RuntimeRules.resources(spec.resources(), "spec.resources"));
        violations.addAll(RuntimeRules.autoscaling(spec.hpa(), "spec.hpa"));
        violations.addAll(RuntimeRules.resilience(spec.resilience(), "spec.resilience"));
        violations.addAll(RuntimeRules.routing(spec.routing(), spec.mesh(), "spec.routing", "spec.mesh"));
        violations.addAll(RuntimeRules.rollout(spec.rollout(), "spec.rollout"));
        TierPolicy policy = spec.policy();
        if (policy == null) {
            return violations;
        }
        violations.addAll(LabelSelectors.validate(policy.namespaceSelector(), "spec.policy.namespaceSelector"));
        violations.addAll(RuntimeRules.amounts(policy.maxResources(), "spec.policy.maxResources"));
        if (policy.maxReplicas() != null) {
            if (policy.maxReplicas() < 1) {
                violations.add(new Violation("spec.policy.maxReplicas", "must be at least 1, is " + policy.maxReplicas()));
            } else if (spec.hpa() != null && spec.hpa().maxReplicas() != null && spec.hpa().maxReplicas() > policy.maxReplicas()) {
                violations.add(new Violation("spec.hpa.maxReplicas", spec.hpa().maxReplicas()
                        + " exceeds the class's own spec.policy.maxReplicas of " + policy.maxReplicas()));
            }
        }
        ComputeResources resources = spec.resources();
        if (policy.maxResources() != null && resources != null) {
            defaultsWithinPolicy(resources.requests(), policy.maxResources(), "spec.resources.requests", violations);
            defaultsWithinPolicy(resources.limits(), policy.maxResources(), "spec.resources.limits", violations);
        }
        return violations;
    }

    private static void defaultsWithinPolicy(ResourceAmounts amounts, ResourceAmounts max, String field,
                                             List<Violation> violations) {
        if (amounts == null) {
            return;
        }
        String what = "the class's own spec.policy.maxResources";
        RuntimeRules.notAbove(amounts.cpu(), max.cpu(), field + ".cpu", what).ifPresent(violations::add);
        RuntimeRules.notAbove(amounts.memory(), max.memory(), field + ".memory", what).ifPresent(violations::add);
    }
}
