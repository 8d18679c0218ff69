package io.naftiko.skipper.reconciler.controller;

import io.naftiko.skipper.reconciler.write.WriteOutcome;
import io.naftiko.skipper.api.v1alpha3.Phase;
import java.util.Map;
import java.util.Set;

/**
 * What one reconcile did.
 *
 * @param children     per child ({@code Kind/name}), what happened to it
 * @param phase        the phase written to the status
 * @param statusWritten whether the status changed and was written
 * @param dependencies ConfigMaps and Secrets it read ({@code ConfigMap/ns/name}, {@code Secret/ns/name}): a change to
 *                     one of them re-reconciles this Capability
 */
public record ReconcileResult(Map<String, WriteOutcome> children, Phase phase, boolean statusWritten, Set<String> dependencies) {

    /** Whether it wrote anything at all. */
    public boolean wrote() {
        return statusWritten || children.values().stream().anyMatch(o -> o != WriteOutcome.NOOP);
    }
}
