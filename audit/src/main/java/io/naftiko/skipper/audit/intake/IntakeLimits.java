package io.naftiko.skipper.audit.intake;

/**
 * What one Warden may send.
 *
 * @param maxBodyBytes     one upload as sent (gzip); OPA's {@code upload_size_limit_bytes} is set below it
 * @param maxExpandedBytes one upload once expanded: a gzip bomb stops here
 * @param decisionsPerSecond the sustained rate of decisions per Warden
 * @param burst            decisions a Warden may send at once (at least one full upload)
 */
public record IntakeLimits(long maxBodyBytes, long maxExpandedBytes, double decisionsPerSecond, double burst) {

    /** 4 MiB as sent, 64 MiB expanded, 2,000 decisions a second per Warden with bursts of 20,000. */
    public static IntakeLimits defaults() {
        return new IntakeLimits(4L * 1024 * 1024, 64L * 1024 * 1024, 2_000, 20_000);
    }
}
