package io.naftiko.skipper.operator.fleet.plan;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.naftiko.skipper.api.v1alpha3.FleetStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Fleet's status from its plan and what the cluster shows: the matrix environment × capability (revision, digest,
 * image, phase) and the conditions {@code Ready}, {@code PinUnavailable} and {@code Denied}, each with a CamelCase
 * reason and a message naming every placement concerned. Pure; a condition keeps its transition time while its
 * status holds, so an unchanged fleet gets an equal status and no write.
 */
public final class FleetStatusRules {

    /** Condition type: every placement runs its chosen revision and its Capability is Running. */
    public static final String READY = "Ready";
    /** Condition type: some pin names a revision the cluster does not have. */
    public static final String PIN_UNAVAILABLE = "PinUnavailable";
    /** Condition type: the admission webhook denied some placement's Capability. */
    public static final String DENIED = "Denied";

    private FleetStatusRules() {
    }

    /**
     * What the cluster shows of one placement.
     *
     * @param digest the digest its Capability runs, if it exists
     * @param image  its engine image
     * @param phase  its Capability's phase
     */
    public record Observed(Optional<String> digest, Optional<String> image, Optional<Phase> phase) {

        /** A placement with no Capability. */
        public static Observed absent() {
            return new Observed(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * The status.
     *
     * @param previous   the status now, for transition times
     * @param plan       this pass's plan
     * @param observed   per placement, what the cluster shows after the pass's writes
     * @param denied     per placement, the webhook's denial of this pass
     * @param problems   what kept placements from being written this pass: a kind the cluster lacks (ExternalSecret),
     *                   a write the API refused
     * @param generation the Fleet's generation
     */
    public static FleetStatus status(FleetStatus previous, FleetPlan plan, Map<Placement, Observed> observed, Map<Placement, String> denied,
                                     List<String> problems, long generation, Instant now) {
        Map<String, List<FleetStatus.CapabilityRun>> matrix = new LinkedHashMap<>();
        List<String> pins = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        List<String> notRunning = new ArrayList<>();
        for (PlacementPlan placementPlan : plan.placements()) {
            Placement placement = placementPlan.placement();
            Observed seen = observed.getOrDefault(placement, Observed.absent());
            Integer number = seen.digest().flatMap(d -> plan.revision(placement.capability(), d)).map(r -> (int) r.number()).orElse(null);
            matrix.computeIfAbsent(placement.environment(), k -> new ArrayList<>()).add(new FleetStatus.CapabilityRun(placement.capability(),
                    number, seen.digest().orElse(null), seen.image().orElse(null), seen.phase().orElse(null)));
            String runs = seen.digest().map(d -> number == null ? "keeps running " + d : "keeps running revision " + number)
                    .orElse("runs nothing yet");
            Outcome outcome = placementPlan.outcome();
            if (outcome instanceof Outcome.PinUnavailable pin) {
                pins.add(placement + ": pinned to " + pin.pin() + ", which the cluster has no revision for; " + runs);
            } else if (outcome instanceof Outcome.Blocked block) {
                blocked.add(placement + ": " + block.reason() + ": " + block.message() + "; " + runs);
            } else if (outcome instanceof Outcome.Runs chosen && !denied.containsKey(placement)) {
                if (!seen.digest().equals(Optional.of(chosen.revision().digest()))) {
                    notRunning.add(placement + ": revision " + chosen.revision().number() + " not applied yet");
                } else if (seen.phase().filter(Phase.Running::equals).isEmpty()) {
                    notRunning.add(placement + ": " + seen.phase().map(Phase::name).orElse("no phase yet"));
                }
            }
        }
        List<String> denials = new ArrayList<>();
        denied.forEach((placement, message) -> denials.add(placement + ": " + message));
        List<Condition> conditions = new ArrayList<>();
        String readyReason;
        List<String> readyProblems = new ArrayList<>();
        if (!pins.isEmpty()) {
            readyReason = PIN_UNAVAILABLE;
        } else if (!denials.isEmpty()) {
            readyReason = DENIED;
        } else if (!plan.sourceProblems().isEmpty()) {
            readyReason = "SourceMissing";
        } else if (!blocked.isEmpty()) {
            readyReason = "Blocked";
        } else if (!problems.isEmpty()) {
            readyReason = "MissingKinds";
        } else if (!notRunning.isEmpty()) {
            readyReason = "Progressing";
        } else {
            readyReason = "AllRunning";
        }
        readyProblems.addAll(pins);
        readyProblems.addAll(denials);
        readyProblems.addAll(plan.sourceProblems());
        readyProblems.addAll(blocked);
        readyProblems.addAll(problems);
        readyProblems.addAll(notRunning);
        conditions.add(condition(previous, READY, readyProblems.isEmpty(), readyReason, readyProblems.isEmpty()
                ? "every capability runs its revision in every environment" : String.join("; ", readyProblems), generation, now));
        conditions.add(condition(previous, PIN_UNAVAILABLE, !pins.isEmpty(), pins.isEmpty() ? "AllPinsResolved" : PIN_UNAVAILABLE,
                pins.isEmpty() ? "every pin names a recorded revision" : String.join("; ", pins), generation, now));
        conditions.add(condition(previous, DENIED, !denials.isEmpty(), denials.isEmpty() ? "NoneDenied" : "AdmissionDenied",
                denials.isEmpty() ? "the webhook admitted every Capability" : String.join("; ", denials), generation, now));
        List<FleetStatus.EnvironmentStatus> environments = new ArrayList<>();
        matrix.forEach((environment, runs) -> environments.add(new FleetStatus.EnvironmentStatus(environment, List.copyOf(runs))));
        return new FleetStatus(List.copyOf(environments), generation, List.copyOf(conditions));
    }

    /** The status of a Fleet that breaks the fleet rules: not acted on; {@code Ready} is False with every violation. */
    public static FleetStatus invalid(FleetStatus previous, List<String> violations, long generation, Instant now) {
        List<Condition> conditions = new ArrayList<>();
        conditions.add(condition(previous, READY, false, "InvalidManifest", "nothing applied: " + String.join("; ", violations),
                generation, now));
        Optional.ofNullable(previous).map(FleetStatus::conditions).orElse(List.of()).stream()
                .filter(c -> !READY.equals(c.getType())).forEach(conditions::add);
        return new FleetStatus(Optional.ofNullable(previous).map(FleetStatus::environments).orElse(null), generation, List.copyOf(conditions));
    }

    private static Condition condition(FleetStatus previous, String type, boolean status, String reason, String message, long generation,
                                       Instant now) {
        String value = status ? "True" : "False";
        String since = Optional.ofNullable(previous).map(FleetStatus::conditions).orElse(List.of()).stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(Condition::getLastTransitionTime).findFirst().orElse(now.toString());
        return new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }
}
