package io.naftiko.skipper.api.validation;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.naftiko.skipper.api.v1alpha3.Autoscaling;
import io.naftiko.skipper.api.v1alpha3.ComputeResources;
import io.naftiko.skipper.api.v1alpha3.GatewayRef;
import io.naftiko.skipper.api.v1alpha3.Resilience;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import io.naftiko.skipper.api.v1alpha3.Routing;
import io.naftiko.skipper.api.v1alpha3.ResourceAmounts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Optional;

/**
 * Rules shared by a class's defaults and a Capability's runtime: quantities parse, requests stay
 * within limits, replica bounds are ordered, resilience settings are in range.
 */
public final class RuntimeRules {

    private RuntimeRules() {
    }

    /** Requests and limits: every quantity parses, and no request exceeds its limit. */
    public static List<Violation> resources(ComputeResources resources, String field) {
        List<Violation> violations = new ArrayList<>();
        if (resources == null) {
            return violations;
        }
        violations.addAll(amounts(resources.requests(), field + ".requests"));
        violations.addAll(amounts(resources.limits(), field + ".limits"));
        if (resources.requests() != null && resources.limits() != null) {
            requestWithinLimit(resources.requests().cpu(), resources.limits().cpu(), field, "cpu")
                    .ifPresent(violations::add);
            requestWithinLimit(resources.requests().memory(), resources.limits().memory(), field, "memory")
                    .ifPresent(violations::add);
        }
        return violations;
    }

    /** CPU and memory amounts parse as Kubernetes quantities and are not negative. */
    public static List<Violation> amounts(ResourceAmounts amounts, String field) {
        List<Violation> violations = new ArrayList<>();
        if (amounts != null) {
            quantity(amounts.cpu(), field + ".cpu").ifPresent(violations::add);
            quantity(amounts.memory(), field + ".memory").ifPresent(violations::add);
        }
        return violations;
    }

    /** Replica bounds: at least one, min not above max, a positive request rate. */
    public static List<Violation> autoscaling(Autoscaling autoscaling, String field) {
        List<Violation> violations = new ArrayList<>();
        if (autoscaling == null) {
            return violations;
        }
        if (autoscaling.minReplicas() != null && autoscaling.minReplicas() < 1) {
            violations.add(new Violation(field + ".minReplicas", "must be at least 1, is " + autoscaling.minReplicas()));
        }
        if (autoscaling.maxReplicas() != null && autoscaling.maxReplicas() < 1) {
            violations.add(new Violation(field + ".maxReplicas", "must be at least 1, is " + autoscaling.maxReplicas()));
        }
        if (autoscaling.minReplicas() != null && autoscaling.maxReplicas() != null
                && autoscaling.minReplicas() > autoscaling.maxReplicas()) {
            violations.add(new Violation(field + ".maxReplicas", autoscaling.maxReplicas()
                    + " is below minReplicas " + autoscaling.minReplicas()));
        }
        if (autoscaling.targetRequestsPerSecond() != null && autoscaling.targetRequestsPerSecond() < 1) {
            violations.add(new Violation(field + ".targetRequestsPerSecond",
                    "must be at least 1, is " + autoscaling.targetRequestsPerSecond()));
        }
        return violations;
    }

    /** The meshes whose injection Skipper knows. */
    public static final List<String> MESHES = List.of("linkerd", "istio", "consul");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    /** Routing and mesh: a Gateway named by DNS names, a mesh Skipper knows. */
    public static List<Violation> routing(Routing routing, String mesh, String routingField, String meshField) {
        List<Violation> violations = new ArrayList<>();
        if (mesh != null && !MESHES.contains(mesh)) {
            violations.add(new Violation(meshField, "'" + mesh + "' is not a mesh Skipper knows (" + String.join(", ", MESHES) + ")"));
        }
        if (routing == null || routing.gateway() == null) {
            return violations;
        }
        GatewayRef gateway = routing.gateway();
        String at = routingField + ".gateway";
        if (gateway.name() == null || gateway.name().isEmpty()) {
            violations.add(new Violation(at + ".name", "required: the Gateway the HTTPRoutes attach to"));
        }
        for (String[] part : new String[][] {{"name", gateway.name()}, {"namespace", gateway.namespace()}, {"sectionName", gateway.sectionName()}}) {
            if (part[1] != null && !part[1].isEmpty() && (part[1].length() > 253 || !DNS_LABEL.matcher(part[1]).matches())) {
                violations.add(new Violation(at + "." + part[0], "'" + part[1] + "' is not a DNS name (lower-case letters, digits, '-')"));
            }
        }
        return violations;
    }

    private static final Pattern PERCENT = Pattern.compile("^(\\d{1,3})%$");

    /**
     * A rollout: a strategy Skipper knows, each field on the strategy that has it, canary steps of one action each
     * with weights of 0–100 that only grow, pause durations and analysis thresholds that parse and can be met.
     */
    public static List<Violation> rollout(RolloutStrategy rollout, String field) {
        List<Violation> violations = new ArrayList<>();
        if (rollout == null) {
            return violations;
        }
        if (rollout.strategy() == null) {
            violations.add(new Violation(field + ".strategy", "required: one of " + String.join(", ", RolloutStrategy.STRATEGIES)));
        } else if (!RolloutStrategy.STRATEGIES.contains(rollout.strategy())) {
            violations.add(new Violation(field + ".strategy", "'" + rollout.strategy() + "' is not a strategy Skipper knows ("
                    + String.join(", ", RolloutStrategy.STRATEGIES) + ")"));
        } else if (rollout.isCanary()) {
            onlyFor(rollout.autoPromotionEnabled(), field + ".autoPromotionEnabled", RolloutStrategy.BLUE_GREEN, violations);
            onlyFor(rollout.scaleDownDelaySeconds(), field + ".scaleDownDelaySeconds", RolloutStrategy.BLUE_GREEN, violations);
        } else {
            onlyFor(rollout.steps(), field + ".steps", RolloutStrategy.CANARY, violations);
            onlyFor(rollout.maxSurge(), field + ".maxSurge", RolloutStrategy.CANARY, violations);
        }
        Integer previousWeight = null;
        for (int i = 0; i < rollout.stepsOrEmpty().size(); i++) {
            RolloutStrategy.Step step = rollout.stepsOrEmpty().get(i);
            String at = field + ".steps[" + i + "]";
            if (step == null || (step.setWeight() == null) == (step.pause() == null)) {
                violations.add(new Violation(at, "a step sets exactly one of setWeight, pause"));
                continue;
            }
            if (step.pause() != null) {
                duration(step.pause().duration(), at + ".pause.duration", violations);
                continue;
            }
            int weight = step.setWeight();
            if (weight < 0 || weight > 100) {
                violations.add(new Violation(at + ".setWeight", weight + " is outside 0-100 (percent)"));
            } else if (previousWeight != null && weight <= previousWeight) {
                violations.add(new Violation(at + ".setWeight", weight + " is not above the previous step's weight of "
                        + previousWeight + " (weights only grow)"));
            }
            previousWeight = weight;
        }
        Optional<Integer> surge = podCount(rollout.maxSurge(), field + ".maxSurge", violations);
        Optional<Integer> unavailable = podCount(rollout.maxUnavailable(), field + ".maxUnavailable", violations);
        if (surge.orElse(-1) == 0 && unavailable.orElse(-1) == 0) {
            violations.add(new Violation(field + ".maxUnavailable", "maxSurge and maxUnavailable cannot both be 0: no pod could ever change"));
        }
        if (rollout.scaleDownDelaySeconds() != null && rollout.scaleDownDelaySeconds() < 0) {
            violations.add(new Violation(field + ".scaleDownDelaySeconds", "must be at least 0, is " + rollout.scaleDownDelaySeconds()));
        }
        violations.addAll(analysis(rollout.analysis(), field + ".analysis"));
        return violations;
    }

    private static List<Violation> analysis(RolloutStrategy.Analysis analysis, String field) {
        List<Violation> violations = new ArrayList<>();
        if (analysis == null) {
            return violations;
        }
        if (analysis.maxErrorRatio() == null && analysis.maxLatencyP99() == null) {
            violations.add(new Violation(field, "sets neither maxErrorRatio nor maxLatencyP99: there is nothing to judge the new pods by"));
        }
        Double ratio = analysis.maxErrorRatio();
        if (ratio != null && (ratio.isNaN() || ratio < 0 || ratio > 1)) {
            violations.add(new Violation(field + ".maxErrorRatio", ratio + " is outside 0-1 (errors per request)"));
        }
        duration(analysis.maxLatencyP99(), field + ".maxLatencyP99", violations);
        duration(analysis.interval(), field + ".interval", violations);
        atLeast(analysis.count(), 1, field + ".count", violations);
        atLeast(analysis.failureLimit(), 0, field + ".failureLimit", violations);
        if (analysis.count() != null && analysis.failureLimit() != null && analysis.count() >= 1
                && analysis.failureLimit() >= analysis.count()) {
            violations.add(new Violation(field + ".failureLimit", analysis.failureLimit() + " is not below count "
                    + analysis.count() + ": the analysis could never fail"));
        }
        return violations;
    }

    /** A pod count of a rollout: a whole number of pods or a percentage of 0-100%; empty when unset or invalid. */
    private static Optional<Integer> podCount(IntOrString value, String field, List<Violation> violations) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.getIntVal() != null) {
            if (value.getIntVal() < 0) {
                violations.add(new Violation(field, "must be at least 0, is " + value.getIntVal()));
                return Optional.empty();
            }
            return Optional.of(value.getIntVal());
        }
        var percent = PERCENT.matcher(value.getStrVal() == null ? "" : value.getStrVal());
        if (!percent.matches() || Integer.parseInt(percent.group(1)) > 100) {
            violations.add(new Violation(field, "'" + value.getStrVal() + "' is neither a number of pods nor a percentage of 0-100% (e.g. 1, 25%)"));
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(percent.group(1)));
    }

    private static void onlyFor(Object value, String field, String strategy, List<Violation> violations) {
        if (value != null) {
            violations.add(new Violation(field, "only applies to strategy " + strategy));
        }
    }

    /** Resilience: positive sizes, a failure rate of 1–100 percent, durations such as {@code 500ms} or {@code 30s}. */
    public static List<Violation> resilience(Resilience resilience, String field) {
        List<Violation> violations = new ArrayList<>();
        if (resilience == null) {
            return violations;
        }
        Resilience.CircuitBreaker cb = resilience.circuitBreaker();
        if (cb != null) {
            String at = field + ".circuitBreaker";
            atLeast(cb.slidingWindowSize(), 1, at + ".slidingWindowSize", violations);
            atLeast(cb.permittedCallsInHalfOpenState(), 1, at + ".permittedCallsInHalfOpenState", violations);
            Integer rate = cb.failureRateThreshold();
            if (rate != null && (rate < 1 || rate > 100)) {
                violations.add(new Violation(at + ".failureRateThreshold", rate + " is outside 1-100 (percent)"));
            }
            duration(cb.waitDurationInOpenState(), at + ".waitDurationInOpenState", violations);
        }
        Resilience.Retry retry = resilience.retry();
        if (retry != null) {
            atLeast(retry.maxAttempts(), 1, field + ".retry.maxAttempts", violations);
            duration(retry.waitDuration(), field + ".retry.waitDuration", violations);
        }
        Resilience.Bulkhead bulkhead = resilience.bulkhead();
        if (bulkhead != null) {
            atLeast(bulkhead.maxConcurrentCalls(), 1, field + ".bulkhead.maxConcurrentCalls", violations);
            duration(bulkhead.maxWaitDuration(), field + ".bulkhead.maxWaitDuration", violations);
        }
        Resilience.RateLimit rateLimit = resilience.rateLimit();
        if (rateLimit != null) {
            atLeast(rateLimit.limitForPeriod(), 1, field + ".rateLimit.limitForPeriod", violations);
            duration(rateLimit.limitRefreshPeriod(), field + ".rateLimit.limitRefreshPeriod", violations);
            duration(rateLimit.timeoutDuration(), field + ".rateLimit.timeoutDuration", violations);
        }
        return violations;
    }

    /** A quantity exceeding a maximum, as a violation. */
    public static Optional<Violation> notAbove(Quantity value, Quantity maximum, String field, String what) {
        Optional<BigDecimal> v = Quantities.value(value);
        Optional<BigDecimal> max = Quantities.value(maximum);
        if (v.isPresent() && max.isPresent() && v.get().compareTo(max.get()) > 0) {
            return Optional.of(new Violation(field, value + " exceeds " + what + " of " + maximum));
        }
        return Optional.empty();
    }

    private static Optional<Violation> requestWithinLimit(Quantity request, Quantity limit, String field, String resource) {
        return notAbove(request, limit, field + ".requests." + resource, "the limit");
    }

    private static Optional<Violation> quantity(Quantity quantity, String field) {
        if (quantity == null) {
            return Optional.empty();
        }
        Optional<BigDecimal> value = Quantities.value(quantity);
        if (value.isEmpty()) {
            return Optional.of(new Violation(field, "'" + quantity + "' is not a Kubernetes quantity (e.g. 250m, 1, 512Mi)"));
        }
        return value.get().signum() < 0
                ? Optional.of(new Violation(field, quantity + " is negative")) : Optional.empty();
    }

    private static void atLeast(Integer value, int minimum, String field, List<Violation> violations) {
        if (value != null && value < minimum) {
            violations.add(new Violation(field, "must be at least " + minimum + ", is " + value));
        }
    }

    private static void duration(String value, String field, List<Violation> violations) {
        if (value != null && Durations.parse(value).isEmpty()) {
            violations.add(new Violation(field, "'" + value + "' is not a duration (a whole number with ms, s, m or h, e.g. 500ms)"));
        }
    }
}
