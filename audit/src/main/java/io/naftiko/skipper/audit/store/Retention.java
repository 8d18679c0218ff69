package io.naftiko.skipper.audit.store;

import java.time.Duration;

/**
 * How long and how much the store keeps: decisions older than {@code maxAge} go, and beyond {@code maxDecisions}
 * the oldest go first (size, counted in decisions; docs/audit.md gives the bytes a decision takes on disk).
 *
 * @param maxAge       the oldest decision kept
 * @param maxDecisions the most decisions kept
 */
public record Retention(Duration maxAge, long maxDecisions) {

    /** 30 days, 10 million decisions. */
    public static Retention defaults() {
        return new Retention(Duration.ofDays(30), 10_000_000L);
    }

    /**
     * What one retention pass deleted.
     *
     * @param byAge  decisions older than the maximum age
     * @param bySize the oldest decisions beyond the maximum count
     */
    public record Outcome(long byAge, long bySize) {
    }
}
