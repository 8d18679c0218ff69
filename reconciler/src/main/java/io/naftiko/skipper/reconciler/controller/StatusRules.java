package io.naftiko.skipper.reconciler.controller;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The status a Capability gets from what a reconcile found: phase, conditions {@code Ready},
 * {@code SpecResolved} and {@code SecretsSynced} with CamelCase reasons and messages; with a rollout, a {@code Rollout}
 * condition says where Argo Rollouts has it, and a rolled-back rollout makes the phase {@code Degraded}. Pure: a
 * condition keeps its lastTransitionTime while its status does not change, so an unchanged
 * Capability gets an equal status and no write.
 */
public final class StatusRules {

    /** Condition type: everything runs. */
    public static final String READY = "Ready";
    /** Condition type: the document was found and read. */
    public static final String SPEC_RESOLVED = "SpecResolved";
    /** Condition type: every import ConfigMap and bind Secret exists. */
    public static final String SECRETS_SYNCED = "SecretsSynced";
    /** Condition type, with a rollout: every pod runs the current spec (Argo Rollouts reports the Rollout Healthy). */
    public static final String ROLLOUT = "Rollout";

    private StatusRules() {
    }

    /** The status for these facts, keeping transition times from the previous status. */
    public static CapabilityStatus status(CapabilityStatus previous, ReconcileFacts facts, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        boolean resolved = facts.specProblem().isEmpty();
        conditions.add(condition(previous, SPEC_RESOLVED, resolved,
                resolved ? "Resolved" : facts.specProblem().get().reason(),
                resolved ? "the ikanos document was read" : facts.specProblem().get().message(), facts.generation(), now));
        boolean synced = facts.missingInputs().isEmpty();
        conditions.add(condition(previous, SECRETS_SYNCED, synced, synced ? "AllPresent" : "MissingInputs",
                synced ? "every import ConfigMap and bind Secret exists"
                        : "missing: " + String.join(", ", facts.missingInputs()), facts.generation(), now));
        facts.rollout().ifPresent(rollout -> conditions.add(condition(previous, ROLLOUT,
                rollout.phase() == RolloutProgress.Phase.Healthy, rollout.reason(), rollout.message(), facts.generation(), now)));
        boolean available = facts.rollout().map(RolloutProgress::available).orElse(facts.deploymentAvailable());
        boolean rolledBack = facts.rollout().map(r -> r.phase() == RolloutProgress.Phase.Degraded).orElse(false);
        Phase phase;
        String reason;
        String message;
        if (facts.failure().isPresent()) {
            phase = Phase.Failed;
            reason = "ReconcileFailed";
            message = facts.failure().get() + "; retrying with backoff";
        } else if (!resolved) {
            phase = Phase.Degraded;
            reason = facts.specProblem().get().reason();
            message = facts.specProblem().get().message();
        } else if (!synced) {
            phase = Phase.Degraded;
            reason = "MissingInputs";
            message = "waiting for " + String.join(", ", facts.missingInputs());
        } else if (rolledBack) {
            // The stable pods may well serve, but the spec the user asked for is not running: that is not Running.
            phase = Phase.Degraded;
            reason = facts.rollout().get().reason();
            message = facts.rollout().get().message();
        } else if (!available) {
            phase = Phase.Pending;
            reason = facts.rollout().filter(r -> r.phase() != RolloutProgress.Phase.Unmanaged).isPresent()
                    ? "RolloutNotAvailable" : "DeploymentNotAvailable";
            message = reason.equals("RolloutNotAvailable") ? "the Rollout has no available replica yet"
                    : "the Deployment has no available replica yet";
        } else {
            phase = Phase.Running;
            reason = "Running";
            message = "every child exists and the Deployment is available";
        }
        conditions.add(0, condition(previous, READY, phase == Phase.Running, reason, message, facts.generation(), now));
        return new CapabilityStatus(phase, facts.endpoint().orElse(null), facts.display(), facts.tier(), facts.generation(),
                conditions, facts.rollout().map(RolloutProgress::summary).orElse(null));
    }

    private static Condition condition(CapabilityStatus previous, String type, boolean ok, String reason, String message,
                                       long generation, Instant now) {
        String status = ok ? "True" : "False";
        String since = now.toString();
        if (previous != null && previous.conditions() != null) {
            for (Condition old : previous.conditions()) {
                if (type.equals(old.getType()) && status.equals(old.getStatus()) && old.getLastTransitionTime() != null) {
                    since = old.getLastTransitionTime();
                }
            }
        }
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }
}
