package io.naftiko.skipper.operator.fleet.plan;

import java.util.List;
import java.util.Optional;

/**
 * The fleet controller's decisions for one Fleet.
 *
 * @param fleet          the Fleet's name
 * @param sourceProblems sources that are missing or hold no document, for the Fleet's condition
 * @param record         new revisions to record
 * @param prune          recorded revisions to delete
 * @param revisions      every revision kept after this pass, per capability newest first
 * @param placements     one per capability per environment this operator applies
 */
public record FleetPlan(String fleet, List<String> sourceProblems, List<Revision> record, List<Revision> prune, List<Revision> revisions,
                        List<PlacementPlan> placements) {

    /** The kept revision of {@code capability} with this digest. */
    public Optional<Revision> revision(String capability, String digest) {
        return revisions.stream().filter(r -> r.capability().equals(capability) && r.digest().equals(digest)).findFirst();
    }

    /** The plan of one placement. */
    public Optional<PlacementPlan> placement(String environment, String capability) {
        return placements.stream().filter(p -> p.placement().environment().equals(environment)
                && p.placement().capability().equals(capability)).findFirst();
    }
}
