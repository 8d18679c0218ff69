package io.naftiko.skipper.reconciler.controller;

import java.time.Duration;

/**
 * How the controller runs.
 *
 * @param workers Capabilities reconciled at once
 * @param resync  how often every Capability is reconciled even without a change
 * @param backoff retry delays after a failure
 */
public record ControllerOptions(int workers, Duration resync, Backoff backoff) {

    /** Four workers, a ten-minute resync, the default backoff. */
    public static ControllerOptions defaults() {
        return new ControllerOptions(4, Duration.ofMinutes(10), Backoff.defaults());
    }
}
