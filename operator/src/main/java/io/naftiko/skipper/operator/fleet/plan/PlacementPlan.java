package io.naftiko.skipper.operator.fleet.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.naftiko.skipper.api.v1alpha3.Capability;
import java.util.List;
import java.util.Optional;

/**
 * What the fleet controller keeps for one placement.
 *
 * @param placement  the capability in its environment
 * @param outcome    what it runs
 * @param children   when it runs a revision: the spec and import ConfigMaps and ExternalSecrets, written before the
 *                   Capability (so the Capability never points at what does not exist)
 * @param capability when it runs a revision: the Capability, as the fleet applies it (admission then fills the rest)
 */
public record PlacementPlan(Placement placement, Outcome outcome, List<HasMetadata> children, Optional<Capability> capability) {

    /** A placement that keeps what it ran: nothing is written, nothing of it removed. */
    public static PlacementPlan keeping(Placement placement, Outcome outcome) {
        return new PlacementPlan(placement, outcome, List.of(), Optional.empty());
    }
}
