package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Observed state of a Capability, written by the reconciler on the status subresource.
 *
 * @param phase              summary phase
 * @param endpoint           in-cluster URL of the first non-control expose
 * @param display            the document's {@code info.display} (or older {@code info.label})
 * @param tier               the tier the Capability runs in
 * @param observedGeneration the generation this status describes
 * @param conditions         {@code Ready}, {@code SpecResolved}, {@code SecretsSynced}, and {@code Rollout} with a rollout
 * @param rollout            where the rollout stands, with a rollout
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilityStatus(
        Phase phase,
        String endpoint,
        String display,
        String tier,
        Long observedGeneration,
        List<Condition> conditions,
        RolloutSummary rollout) {
}
