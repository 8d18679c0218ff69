package io.naftiko.skipper.bundler.signing;

/**
 * A signing key rotation decision.
 *
 * @param action  what to do
 * @param reason  a CamelCase reason, for events and conditions
 * @param message why, in words
 */
public record SigningKeyDecision(SigningKeyAction action, String reason, String message) {

    /** Whether the stored keys change. */
    public boolean changes() {
        return action != SigningKeyAction.NOOP;
    }
}
