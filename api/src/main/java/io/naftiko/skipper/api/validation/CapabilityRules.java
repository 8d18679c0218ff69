package io.naftiko.skipper.api.validation;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.naftiko.skipper.api.expansion.RuntimeExpansion;
import io.naftiko.skipper.api.ikanos.Expose;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.tier.ResolvedClass;
import io.naftiko.skipper.api.v1alpha3.Autoscaling;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.ComputeResources;
import io.naftiko.skipper.api.v1alpha3.ResourceAmounts;
import io.naftiko.skipper.api.v1alpha3.TierPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Rules over a Capability as a whole: its name, where its document comes from, its runtime, its tier's policy. */
public final class CapabilityRules {

    /** A DNS-1035 label: the Capability's name becomes a Service name. */
    private static final Pattern DNS_1035 = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    private static final int MAX_NAME = 63;

    private CapabilityRules() {
    }

    /** The name must be usable as the name of the Service, Deployment and ConfigMap it gets. */
    public static List<Violation> name(Capability capability) {
        String name = capability.getMetadata() == null ? null : capability.getMetadata().getName();
        if (name == null || name.isEmpty()) {
            return List.of(new Violation("metadata.name", "required"));
        }
        if (name.length() > MAX_NAME || !DNS_1035.matcher(name).matches()) {
            return List.of(new Violation("metadata.name", "'" + name + "' must be a DNS-1035 label (lowercase letters,"
                    + " digits and '-', starting with a letter, at most 63 characters): it names the capability's Service"));
        }
        return List.of();
    }

    /** Exactly one of {@code spec.specRef} and an inline document. */
    public static List<Violation> source(CapabilitySpec spec) {
        if (spec == null) {
            return List.of(new Violation("spec", "required: spec.specRef or an inline ikanos document"));
        }
        boolean inline = spec.hasInlineDocument();
        if (spec.getSpecRef() != null && inline) {
            return List.of(new Violation("spec", "give either spec.specRef or an inline document "
                    + "(ikanos, info, capability, binds, consumes), not both; found specRef and "
                    + String.join(", ", spec.getDocument().keySet())));
        }
        if (spec.getSpecRef() == null && !inline) {
            return List.of(new Violation("spec", "give either spec.specRef or an inline document "
                    + "(ikanos, info, capability, binds, consumes); found neither"));
        }
        if (spec.getSpecRef() != null && (spec.getSpecRef().configMap() == null || spec.getSpecRef().configMap().isEmpty())) {
            return List.of(new Violation("spec.specRef.configMap", "required: the ConfigMap holding the document"));
        }
        return List.of();
    }

    /** The runtime's own consistency, and secrets kept out of literal env values. */
    public static List<Violation> runtime(CapabilityRuntime runtime) {
        List<Violation> violations = new ArrayList<>();
        if (runtime == null) {
            return violations;
        }
        String field = "spec.runtime";
        violations.addAll(RuntimeRules.resources(runtime.resources(), field + ".resources"));
        violations.addAll(RuntimeRules.autoscaling(runtime.autoscaling(), field + ".autoscaling"));
        violations.addAll(RuntimeRules.resilience(runtime.resilience(), field + ".resilience"));
        violations.addAll(RuntimeRules.routing(runtime.routing(), runtime.mesh(), field + ".routing", field + ".mesh"));
        violations.addAll(RuntimeRules.rollout(runtime.rollout(), field + ".rollout"));
        List<EnvVar> env = runtime.env() == null ? List.of() : runtime.env();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < env.size(); i++) {
            EnvVar var = env.get(i);
            String at = field + ".env[" + i + "]";
            if (var.getName() == null || var.getName().isEmpty()) {
                violations.add(new Violation(at + ".name", "required"));
                continue;
            }
            Integer first = seen.putIfAbsent(var.getName(), i);
            if (first != null) {
                violations.add(new Violation(at + ".name", var.getName() + " is already set by " + field + ".env[" + first + "]"));
            }
            if (RuntimeExpansion.OTEL_HEADERS.equals(var.getName()) && var.getValue() != null) {
                violations.add(new Violation(at + ".value", RuntimeExpansion.OTEL_HEADERS
                        + " carries credentials: use valueFrom.secretKeyRef, never a literal in the Capability"));
            }
        }
        return violations;
    }

    /**
     * The tier's policy.
     *
     * @param namespaceLabels labels of the Capability's namespace; empty when they cannot be known (offline)
     */
    public static List<Violation> tierPolicy(Capability capability, IkanosDocument document, String documentRoot,
                                             ResolvedClass resolved, Optional<Map<String, String>> namespaceLabels) {
        List<Violation> violations = new ArrayList<>();
        TierPolicy policy = resolved.spec() == null ? null : resolved.spec().policy();
        if (policy == null) {
            return violations;
        }
        String tier = "tier '" + resolved.className() + "'";
        if (policy.namespaceSelector() != null && namespaceLabels.isPresent()
                && !LabelSelectors.matches(policy.namespaceSelector(), namespaceLabels.get())) {
            violations.add(new Violation("metadata.namespace", "namespace '" + capability.getMetadata().getNamespace()
                    + "' is not allowed to use " + tier + " (its namespaceSelector does not match the namespace's labels)"));
        }
        CapabilityRuntime runtime = capability.getSpec().getRuntime();
        Autoscaling autoscaling = runtime == null ? null : runtime.autoscaling();
        if (policy.maxReplicas() != null && autoscaling != null) {
            aboveMax(autoscaling.maxReplicas(), policy.maxReplicas(), "spec.runtime.autoscaling.maxReplicas", tier, violations);
            aboveMax(autoscaling.minReplicas(), policy.maxReplicas(), "spec.runtime.autoscaling.minReplicas", tier, violations);
        }
        ComputeResources resources = runtime == null ? null : runtime.resources();
        if (policy.maxResources() != null && resources != null) {
            withinMaxResources(resources.requests(), policy.maxResources(), "spec.runtime.resources.requests", tier, violations);
            withinMaxResources(resources.limits(), policy.maxResources(), "spec.runtime.resources.limits", tier, violations);
        }
        if (Boolean.FALSE.equals(policy.allowPublic())) {
            for (Expose expose : document.exposes()) {
                if (expose.isPublic()) {
                    violations.add(new Violation(documentRoot + expose.field() + ".tags", "the 'public' tag is not allowed in "
                            + tier + " (allowPublic: false): it would publish the expose through an Ingress"));
                }
            }
        }
        if (Boolean.TRUE.equals(policy.requireControlPort()) && document.exposes().stream().noneMatch(Expose::isControl)) {
            violations.add(new Violation(documentRoot + "capability.exposes", tier
                    + " requires a control expose (requireControlPort: true) for health and metrics"));
        }
        return violations;
    }

    private static void aboveMax(Integer value, int max, String field, String tier, List<Violation> violations) {
        if (value != null && value > max) {
            violations.add(new Violation(field, value + " exceeds the maximum of " + max + " replicas in " + tier));
        }
    }

    private static void withinMaxResources(ResourceAmounts amounts, ResourceAmounts max, String field, String tier,
                                           List<Violation> violations) {
        if (amounts == null) {
            return;
        }
        RuntimeRules.notAbove(amounts.cpu(), max.cpu(), field + ".cpu", "the maximum in " + tier)
                .ifPresent(violations::add);
        RuntimeRules.notAbove(amounts.memory(), max.memory(), field + ".memory", "the maximum in " + tier)
                .ifPresent(violations::add);
    }
}
