package io.naftiko.skipper.certs.rotation;

/**
 * A decision with its reason.
 *
 * @param action  what to do
 * @param reason  CamelCase reason, for conditions and events
 * @param message what was found, for humans
 */
public record RotationDecision(RotationAction action, String reason, String message) {

    /** Whether anything must be written. */
    public boolean changes() {
        return action != RotationAction.NOOP;
    }
}
