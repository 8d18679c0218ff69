package io.naftiko.skipper.reconciler.controller;

import java.time.Duration;
import java.util.Set;

/**
 * How the controller runs.
 *
 * @param workers Capabilities reconciled at once
 * @param resync  how often every Capability is reconciled even without a change
 * @param backoff retry delays after a failure
 * @param namespaces Capabilities reconciled only in these namespaces; empty means every namespace
 */
public record ControllerOptions(int workers, Duration resync, Backoff backoff, Set<String> namespaces) {

    /** Four workers, a ten-minute resync, the default backoff, every namespace. */
    public static ControllerOptions defaults() {
        return new ControllerOptions(4, Duration.ofMinutes(10), Backoff.defaults(), Set.of());
    }

    /** The same options limited to some namespaces (empty: all). */
    public ControllerOptions watching(Set<String> watched) {
        return new ControllerOptions(workers, resync, backoff, Set.copyOf(watched));
    }

    /** Whether Capabilities of a namespace are reconciled. */
    public boolean watches(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
