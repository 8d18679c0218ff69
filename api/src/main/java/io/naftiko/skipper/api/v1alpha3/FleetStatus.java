package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Observed state of a Fleet: the matrix of environments and capabilities.
 *
 * @param environments       what each environment runs
 * @param observedGeneration generation this status describes
 * @param conditions         {@code Ready}, {@code PinUnavailable}, {@code Denied}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetStatus(List<EnvironmentStatus> environments, Long observedGeneration, List<Condition> conditions) {

    /**
     * One environment.
     *
     * @param name         its name
     * @param capabilities what it runs of each capability
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EnvironmentStatus(String name, List<CapabilityRun> capabilities) {
    }

    /**
     * What an environment runs of one capability.
     *
     * @param name     the capability
     * @param revision the revision's number
     * @param digest   the revision's digest
     * @param image    the engine image
     * @param phase    the Capability's phase
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CapabilityRun(String name, Integer revision, String digest, String image, Phase phase) {
    }
}
