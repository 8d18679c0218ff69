package io.naftiko.skipper.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

    private static final byte[] KEY = "a key shared by every replica, 32+ bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void anotherReplicaWithTheSameKeyAcceptsTheSessionUntilItExpires() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        String id = new SessionTokens(KEY, Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(1)).mint("2025-06-18");

        assertThat(new SessionTokens(KEY, Clock.fixed(now.plusSeconds(3599), ZoneOffset.UTC), Duration.ofHours(1)).verify(id))
                .contains("2025-06-18");
        assertThat(new SessionTokens(KEY, Clock.fixed(now.plusSeconds(3600), ZoneOffset.UTC), Duration.ofHours(1)).verify(id)).isEmpty();
    }

    @Test
    void anAlteredForgedOrForeignSessionIsNone() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
        SessionTokens tokens = new SessionTokens(KEY, clock, Duration.ofHours(1));
        String id = tokens.mint("2025-11-25");

        assertThat(tokens.verify(id.replace("2025-11-25", "2025-06-18"))).isEmpty();
        assertThat(tokens.verify(id.substring(0, id.length() - 2) + "xx")).isEmpty();
        assertThat(tokens.verify(SessionTokens.randomKey(clock, Duration.ofHours(1)).mint("2025-11-25"))).isEmpty();
        assertThat(tokens.verify("no-dots")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("x".repeat(300))).isEmpty();
    }

    @Test
    void replicasHoldingTheSameServingKeyDeriveTheSameSessionKeyAndNeverTheServingKeyItself() {
        byte[] servingKey = "-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n".getBytes(StandardCharsets.UTF_8);

        assertThat(SessionTokens.deriveKey(servingKey)).isEqualTo(SessionTokens.deriveKey(servingKey.clone())).hasSize(32)
                .isNotEqualTo(SessionTokens.deriveKey("another key".getBytes(StandardCharsets.UTF_8)));
        Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
        String id = new SessionTokens(SessionTokens.deriveKey(servingKey), clock, Duration.ofHours(1)).mint("2025-11-25");
        assertThat(new SessionTokens(SessionTokens.deriveKey(servingKey), clock, Duration.ofHours(1)).verify(id)).contains("2025-11-25");
    }

    @Test
    void aShortKeyIsRefused() {
        assertThatThrownBy(() -> new SessionTokens(new byte[16], Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), Duration.ofHours(1)))
                .hasMessage("the session key must have at least 32 bytes, it has 16");
    }
}
