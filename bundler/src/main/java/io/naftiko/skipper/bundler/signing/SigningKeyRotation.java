package io.naftiko.skipper.bundler.signing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the bundle signing key rotates. A Warden verifies a bundle with the key its signature names, among
 * the keys of its configuration; so the next key's public half must reach every Warden configuration, and
 * have had time to be loaded, before anything is signed with it.
 */
public final class SigningKeyRotation {

    private SigningKeyRotation() {
    }

    /**
     * A stored signing key.
     *
     * @param keyId     its id
     * @param createdAt when it was made
     */
    public record StoredKey(String keyId, Instant createdAt) {
    }

    /**
     * How signing keys rotate.
     *
     * @param lifetime         how long a key signs
     * @param renewAtFraction  the fraction of the lifetime after which the next key is prepared
     * @param propagation      how long the next key waits in every Warden configuration before it signs
     */
    public record Policy(Duration lifetime, double renewAtFraction, Duration propagation) {

        /** 90 days, the next key prepared at 2/3, signing with it 10 minutes after it reached every Warden. */
        public static Policy defaults() {
            return new Policy(Duration.ofDays(90), 2.0 / 3, Duration.ofMinutes(10));
        }
    }

    /**
     * Decides.
     *
     * @param current                the key signing now, if any
     * @param next                   the key prepared to take over, if any
     * @param nextTrustedEverywhere  whether every Warden configuration lists the next key
     */
    public static SigningKeyDecision decide(Optional<StoredKey> current, Optional<StoredKey> next, boolean nextTrustedEverywhere,
                                            Policy policy, Clock clock) {
        Instant now = clock.instant();
        if (current.isEmpty()) {
            return new SigningKeyDecision(SigningKeyAction.CREATE, "NoSigningKey", "no bundle signing key exists yet");
        }
        if (next.isEmpty()) {
            Instant due = current.get().createdAt().plus(Duration.ofMillis((long) (policy.lifetime().toMillis() * policy.renewAtFraction())));
            return now.isBefore(due)
                    ? new SigningKeyDecision(SigningKeyAction.NOOP, "SigningKeyValid", "key " + current.get().keyId() + " signs until " + due)
                    : new SigningKeyDecision(SigningKeyAction.PREPARE_NEXT, "RotationDue", "key " + current.get().keyId()
                            + " reached its rotation point " + due + "; publishing the next key to every Warden first");
        }
        if (!nextTrustedEverywhere) {
            return new SigningKeyDecision(SigningKeyAction.NOOP, "WaitingForPropagation", "key " + next.get().keyId()
                    + " is not yet in every Warden configuration");
        }
        Instant ready = next.get().createdAt().plus(policy.propagation());
        if (now.isBefore(ready)) {
            return new SigningKeyDecision(SigningKeyAction.NOOP, "WaitingForPropagation", "key " + next.get().keyId()
                    + " is in every Warden configuration; it signs from " + ready);
        }
        return new SigningKeyDecision(SigningKeyAction.SIGN_WITH_NEXT, "NextKeyPropagated", "key " + next.get().keyId()
                + " is trusted by every Warden; it signs from now on, replacing " + current.get().keyId());
    }
}
