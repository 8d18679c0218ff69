package io.naftiko.skipper.api.validation;

/**
 * One broken rule, named by the field that breaks it.
 *
 * @param field   path of the offending field, e.g. {@code spec.capability.exposes[1].port}
 * @param message what is wrong, in words a user can act on
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
