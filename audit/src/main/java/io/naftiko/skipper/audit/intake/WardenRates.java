package io.naftiko.skipper.audit.intake;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A token bucket of decisions per Warden: each may send {@code perSecond} decisions a second on average and a burst
 * of {@code burst} (at least one full upload) at once. A Warden over its rate is told when to come back; the buckets
 * of the Wardens that sent least recently are forgotten beyond {@code maxWardens}.
 */
final class WardenRates {

    private final double perSecond;
    private final double burst;
    private final int maxWardens;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        private double tokens;
        private long updatedMillis;

        Bucket(double tokens, long updatedMillis) {
            this.tokens = tokens;
            this.updatedMillis = updatedMillis;
        }
    }

    WardenRates(double perSecond, double burst, int maxWardens, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxWardens = maxWardens;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > WardenRates.this.maxWardens;
            }
        };
    }

    /**
     * Takes {@code decisions} tokens from the Warden's bucket.
     *
     * @return empty when taken; otherwise the seconds to wait before the same upload would pass
     */
    synchronized OptionalLong take(String warden, int decisions) {
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(warden, key -> new Bucket(burst, now));
        bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, now - bucket.updatedMillis) * perSecond / 1000.0);
        bucket.updatedMillis = now;
        if (bucket.tokens >= decisions) {
            bucket.tokens -= decisions;
            return OptionalLong.empty();
        }
        double missing = Math.min(decisions, burst) - bucket.tokens;
        return OptionalLong.of(Math.max(1, (long) Math.ceil(missing / perSecond)));
    }
}
