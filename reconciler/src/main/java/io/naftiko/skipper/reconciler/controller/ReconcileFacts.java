package io.naftiko.skipper.reconciler.controller;

import java.util.List;
import java.util.Optional;

/**
 * What one reconcile found, from which the status follows.
 *
 * @param generation          the Capability's metadata.generation
 * @param specProblem         why the document could not be resolved, if it could not
 * @param missingInputs       import ConfigMaps and bind Secrets that do not exist (names only, never contents)
 * @param deploymentAvailable whether the Deployment has an available replica
 * @param endpoint            the in-cluster URL, when something listens
 * @param display             the document's title
 * @param tier                the class it runs with
 * @param failure             an error of the reconcile itself (API failure), if any
 * @param rollout             where the runtime's rollout stands, when it asks for one
 */
public record ReconcileFacts(long generation, Optional<SpecProblem> specProblem, List<String> missingInputs,
                             boolean deploymentAvailable, Optional<String> endpoint, String display, String tier,
                             Optional<String> failure, Optional<RolloutProgress> rollout) {
}
