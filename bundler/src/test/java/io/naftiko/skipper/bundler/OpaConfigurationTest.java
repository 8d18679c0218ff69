package io.naftiko.skipper.bundler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision-log section of a Warden's OPA configuration: there when Skipper collects decisions, absent otherwise. */
class OpaConfigurationTest {

    static OpaConfiguration.Settings settings(boolean decisionLogs) {
        return new OpaConfiguration.Settings(new WardenIdentity("payments", "edge"), "https://skipper-bundles.skipper.svc:8444",
                List.of("naftiko"), "k1", List.of(new OpaConfiguration.PublicKeyEntry("k1", "ES256", "PEM")), Optional.empty(),
                Duration.ofSeconds(60), decisionLogs);
    }

    @Test
    void decisionsGoToSkippersIntakeWithLimitsBelowIt() {
        ObjectNode config = OpaConfiguration.of(settings(true));

        assertThat(config.path("decision_logs").toString()).isEqualTo("{\"service\":\"skipper\",\"resource\":\"/logs\","
                + "\"reporting\":{\"min_delay_seconds\":5,\"max_delay_seconds\":10,\"upload_size_limit_bytes\":1048576,"
                + "\"buffer_size_limit_bytes\":33554432}}");
        // The labels every event carries name the Warden, so a mismatch with its certificate can be seen.
        assertThat(config.path("labels").path("warden").asText()).isEqualTo("payments/edge");
    }

    @Test
    void withoutTheAuditDecisionsStayWithTheWarden() {
        assertThat(OpaConfiguration.of(settings(false)).has("decision_logs")).isFalse();
    }
}
