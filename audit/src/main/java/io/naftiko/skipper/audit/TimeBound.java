package io.naftiko.skipper.audit;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound of a time range as people write it: a duration back from now ({@code 90s}, {@code 15m}, {@code 1h},
 * {@code 7d}, or combined as {@code 1h30m}) or an RFC 3339 time with its offset ({@code 2026-12-02T22:00:00+01:00},
 * {@code 2026-12-02T21:00:00Z}). A time without an offset is refused rather than guessed: "last night" means a
 * different instant in every time zone.
 */
public final class TimeBound {

    private static final Pattern DURATION = Pattern.compile("(?:(\\d{1,6})d)?(?:(\\d{1,7})h)?(?:(\\d{1,9})m)?(?:(\\d{1,10})s)?");
    private static final Pattern LOCAL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?)?");

    private TimeBound() {
    }

    /**
     * A duration as people write it: {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 30d}.
     *
     * @param name  the option's or parameter's name, for the message
     * @param value what was given
     */
    public static Duration duration(String name, String value) throws AuditInputException {
        Matcher duration = DURATION.matcher(value.trim());
        if (!isDuration(value.trim()) || !duration.matches()) {
            throw new AuditInputException(name + ": " + value + " is not a duration (90s, 15m, 1h30m, 30d)");
        }
        Duration total = Duration.ZERO;
        long[] unitSeconds = {86_400, 3_600, 60, 1};
        for (int group = 1; group <= 4; group++) {
            if (duration.group(group) != null) {
                total = total.plusSeconds(Long.parseLong(duration.group(group)) * unitSeconds[group - 1]);
            }
        }
        return total;
    }

    private static boolean isDuration(String text) {
        return !text.isEmpty() && DURATION.matcher(text).matches();
    }

    /**
     * The instant a bound names.
     *
     * @param name  the parameter's name, for the message
     * @param value what was given
     * @param now   the instant durations count back from
     */
    public static Instant parse(String name, String value, Instant now) throws AuditInputException {
        String text = value.trim();
        if (isDuration(text)) {
            return now.minus(duration(name, text));
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            if (LOCAL_TIME.matcher(text).matches()) {
                throw new AuditInputException(name + ": " + text + " has no time zone; add one, as in " + text
                        + (text.length() == 10 ? "T00:00:00" : "") + "Z or +01:00");
            }
            throw new AuditInputException(name + ": " + text + " is neither a duration (90s, 15m, 1h, 7d) nor an RFC 3339 "
                    + "time (2026-12-02T21:00:00Z)");
        }
    }
}
