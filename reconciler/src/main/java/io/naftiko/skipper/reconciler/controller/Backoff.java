package io.naftiko.skipper.reconciler.controller;

import java.time.Duration;

/**
 * Exponential backoff with jitter for failed reconciles: {@code base × 2^(failures-1)}, capped, then
 * spread by ±{@code jitter} so that many Capabilities failing together do not retry together.
 *
 * @param base   delay after the first failure
 * @param max    longest delay
 * @param jitter fraction of the delay added or taken at random (0–1)
 */
public record Backoff(Duration base, Duration max, double jitter) {

    /** 200 ms doubling to 5 minutes, ±20%. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofMillis(200), Duration.ofMinutes(5), 0.2);
    }

    /**
     * The delay before retry number {@code failures}.
     *
     * @param random a number in [0, 1) (the caller's random source, so this stays pure)
     */
    public Duration delay(int failures, double random) {
        int exponent = Math.max(0, Math.min(failures - 1, 30));
        double millis = Math.min(max.toMillis(), base.toMillis() * Math.pow(2, exponent));
        double spread = millis * jitter * (2 * random - 1);
        return Duration.ofMillis(Math.max(1, Math.round(Math.min(max.toMillis(), millis + spread))));
    }
}
