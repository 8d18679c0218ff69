package io.naftiko.skipper.api;

import java.time.Clock;

/**
 * The one place that reads the wall clock. Shells (the CLI, servers, the operator) pass this
 * {@link Clock} down; logic only ever sees the Clock it is given, so tests can fix time.
 */
public final class SystemClock {

    private SystemClock() {
    }

    /** The system clock in UTC. */
    @SuppressWarnings("checkstyle:RegexpSinglelineJava")
    public static Clock utc() {
        return Clock.systemUTC();
    }
}
