package io.naftiko.skipper.bundler.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signing key rotates only after its successor is trusted everywhere, and then waits for it to load. */
class SigningKeyRotationTest {

    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    static final SigningKeyRotation.Policy POLICY = new SigningKeyRotation.Policy(Duration.ofDays(90), 2.0 / 3, Duration.ofMinutes(10));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                                   current, next age (min), next trusted, now (days after CREATED), action, reason
        "no key yet,                               false, ,   false, 0,   CREATE,         NoSigningKey",
        "fresh key,                                true,  ,   false, 1,   NOOP,           SigningKeyValid",
        "just before 2/3 of 90 days,               true,  ,   false, 59,  NOOP,           SigningKeyValid",
        "at 2/3 of 90 days,                        true,  ,   false, 60,  PREPARE_NEXT,   RotationDue",
        "next key not in every Warden config,      true,  60, false, 61,  NOOP,           WaitingForPropagation",
        "next key everywhere but just published,   true,  5,  true,  61,  NOOP,           WaitingForPropagation",
        "next key everywhere and loaded,           true,  15, true,  61,  SIGN_WITH_NEXT, NextKeyPropagated",
    })
    void decides(String name, boolean hasCurrent, Integer nextAgeMinutes, boolean nextTrusted, int nowDays, SigningKeyAction action,
                 String reason) {
        Instant now = CREATED.plus(Duration.ofDays(nowDays));
        Optional<SigningKeyRotation.StoredKey> current = hasCurrent
                ? Optional.of(new SigningKeyRotation.StoredKey("skipper-1", CREATED)) : Optional.empty();
        Optional<SigningKeyRotation.StoredKey> next = Optional.ofNullable(nextAgeMinutes)
                .map(age -> new SigningKeyRotation.StoredKey("skipper-2", now.minus(Duration.ofMinutes(age))));

        SigningKeyDecision decision = SigningKeyRotation.decide(current, next, nextTrusted, POLICY, Clock.fixed(now, ZoneOffset.UTC));

        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.message()).isNotBlank();
    }
}
