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
 * @param secretPoll how often the bind Secrets Capabilities name are looked at for a change (Secrets are read by
 *                   name, never watched or cached: the operator holds no Secret values of the cluster)
 */
public record ControllerOptions(int workers, Duration resync, Backoff backoff, Set<String> namespaces, Duration secretPoll) {

    /** Four workers, a ten-minute resync, the default backoff, every namespace, bind Secrets looked at every 30 s. */
    public static ControllerOptions defaults() {
        return new ControllerOptions(4, Duration.ofMinutes(10), Backoff.defaults(), Set.of(), Duration.ofSeconds(30));
    }

    /** The same options limited to some namespaces (empty: all). */
    public ControllerOptions watching(Set<String> watched) {
        return new ControllerOptions(workers, resync, backoff, Set.copyOf(watched), secretPoll);
    }

    /** Whether Capabilities of a namespace are reconciled. */
    public boolean watches(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }
}
