package io.naftiko.skipper.webhook.admission;

import java.util.Locale;

/** Which webhook the API server called. */
public enum AdmissionEndpoint {
    /** {@code POST /mutate}: expand, answer with a JSON Patch. */
    MUTATE,
    /** {@code POST /validate}: judge, answer allowed or denied. */
    VALIDATE;

    /** Lowercase name, as in paths and metrics. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
