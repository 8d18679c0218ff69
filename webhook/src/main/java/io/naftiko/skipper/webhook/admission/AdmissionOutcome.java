package io.naftiko.skipper.webhook.admission;

import java.util.Locale;

/** How a request ended, for metrics and logs. */
public enum AdmissionOutcome {
    /** Allowed, with or without a patch. */
    ALLOWED,
    /** Denied for violations. */
    DENIED,
    /** The body was not an AdmissionReview (HTTP 400). */
    BAD_REQUEST,
    /** An unexpected failure, answered as a denial with code 500. */
    ERROR;

    /** Lowercase name for metric tags. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
