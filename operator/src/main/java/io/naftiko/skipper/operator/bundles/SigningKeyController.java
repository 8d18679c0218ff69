package io.naftiko.skipper.operator.bundles;

import io.naftiko.skipper.bundler.OpaConfiguration;
import io.naftiko.skipper.bundler.signing.SigningKeyDecision;
import io.naftiko.skipper.bundler.signing.SigningKeyRotation;
import io.naftiko.skipper.operator.events.OperatorEvent;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The leader's signing-key rotation: creates the key, prepares the next one, and switches to it only once its
 * public half is in every Warden's stored configuration (the pure {@link SigningKeyRotation} decides). The Secret is
 * written by server-side apply, so two replicas that both believe they lead converge on one value.
 */
public final class SigningKeyController {

    private final BundleWatcher watcher;
    private final WardenController wardens;
    private final OwnedWriter writer;
    private final Clock clock;

    /** A controller over the keys {@code watcher} signs with, checking Warden configurations through {@code wardens}. */
    public SigningKeyController(BundleWatcher watcher, WardenController wardens, OwnedWriter writer, Clock clock) {
        this.watcher = watcher;
        this.wardens = wardens;
        this.writer = writer;
        this.clock = clock;
    }

    /** One pass: returns what it changed (nothing at steady state). */
    public List<OperatorEvent> pass() {
        watcher.reloadKeys();
        SigningKeys stored = watcher.keys();
        boolean nextEverywhere = stored.next().map(next -> watcher.wardens().stream().allMatch(warden -> wardens.storedConfiguration(warden)
                .map(OpaConfiguration::trustedKeyIds).orElse(List.of()).contains(next.keyId()))).orElse(false);
        SigningKeyDecision decision = SigningKeyRotation.decide(stored.current().map(SigningKeys.Entry::stored),
                stored.next().map(SigningKeys.Entry::stored), nextEverywhere, watcher.settings().rotation(), clock);
        if (!decision.changes()) {
            return List.of();
        }
        Instant now = clock.instant();
        SigningKeys updated = switch (decision.action()) {
            case CREATE -> new SigningKeys(Optional.of(SigningKeys.Entry.generate(now)), Optional.empty());
            case PREPARE_NEXT -> new SigningKeys(stored.current(), Optional.of(SigningKeys.Entry.generate(now)));
            case SIGN_WITH_NEXT -> new SigningKeys(stored.next(), Optional.empty());
            case NOOP -> stored;
        };
        String namespace = watcher.settings().namespace();
        writer.apply(updated.toSecret(namespace));
        watcher.useKeys(updated);
        return List.of(OperatorEvent.normal("v1", "Secret", namespace, SigningKeys.SECRET, decision.reason(),
                decision.action() + ": " + decision.message()));
    }
}
