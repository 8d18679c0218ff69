package io.naftiko.skipper.api.validation;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the short durations of resilience settings ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}). */
public final class Durations {

    private static final Pattern SYNTAX = Pattern.compile("^(\\d{1,9})(ms|s|m|h)$");

    private Durations() {
    }

    /** The duration, or empty when the text is not a whole number followed by ms, s, m or h. */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        });
    }
}
