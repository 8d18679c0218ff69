package io.naftiko.skipper.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a decision came to, read from an OPA decision-log event: a boolean result (or an object's boolean
 * {@code allow}) is an allow or a deny; an evaluation error, an undefined result and any other value are kept apart,
 * so "who was denied" never counts a policy that failed to answer.
 */
public enum DecisionResult {
    /** The result was {@code true}, or an object whose {@code allow} is {@code true}. */
    ALLOW,
    /** The result was {@code false}, or an object whose {@code allow} is {@code false}. */
    DENY,
    /** The event carries an {@code error}: the policy did not evaluate. */
    ERROR,
    /** No result: the rule was undefined for that input. */
    UNDEFINED,
    /** Any other value (a set, a number, an object without a boolean {@code allow}). */
    VALUE;

    /** The lower-case name used in the API, the metrics and the database. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The result of an event. */
    public static DecisionResult of(JsonNode event) {
        if (event.hasNonNull("error")) {
            return ERROR;
        }
        JsonNode result = event.get("result");
        if (result == null || result.isNull() || result.isMissingNode()) {
            return UNDEFINED;
        }
        if (result.isBoolean()) {
            return result.booleanValue() ? ALLOW : DENY;
        }
        JsonNode allow = result.get("allow");
        if (result.isObject() && allow != null && allow.isBoolean()) {
            return allow.booleanValue() ? ALLOW : DENY;
        }
        return VALUE;
    }

    /** The result a label names ({@code allow}, {@code deny}, …), if any. */
    public static Optional<DecisionResult> fromLabel(String label) {
        return Arrays.stream(values()).filter(value -> value.label().equals(label)).findFirst();
    }
}
