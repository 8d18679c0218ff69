package io.naftiko.skipper.audit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionResult;
import io.naftiko.skipper.audit.DecisionTable;
import io.naftiko.skipper.audit.Decisions;
import io.naftiko.skipper.audit.SummaryRow;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.EmbeddedAuditStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read API over HTTP, through the client {@code skipper audit} uses. */
class AuditQueryServerTest {

    static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");

    @TempDir
    Path directory;
    AuditStore store;
    AuditQueryServer server;
    AuditClient client;

    @BeforeEach
    void start() throws Exception {
        store = EmbeddedAuditStore.open(directory.resolve("decisions"));
        store.store(List.of(
                Decisions.of("payments/edge", "a", NOW.minus(Duration.ofMinutes(5)), "naftiko/gateway/allow", DecisionResult.DENY,
                        "shipyard/shipyard-fleet"),
                Decisions.of("payments/edge", "b", NOW.minus(Duration.ofMinutes(20)), "naftiko/gateway/allow", DecisionResult.ALLOW,
                        "shipyard/shipyard-fleet"),
                Decisions.of("shipping/core", "c", NOW.minus(Duration.ofHours(3)), "naftiko/tier/deny", DecisionResult.DENY, null)));
        server = AuditQueryServer.start(store, Clock.fixed(NOW, ZoneOffset.UTC), 0);
        client = new AuditClient(URI.create("http://127.0.0.1:" + server.port()));
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void deniesOfTheLastHourComeBackAsTheTablePrintsThem() throws Exception {
        DecisionPage page = client.decisions(Map.of("result", "deny", "since", "1h"));

        assertThat(page.decisions()).extracting(d -> d.decision().decisionId()).containsExactly("a");
        assertThat(DecisionTable.render(page.decisions(), false)).isEqualTo("""
                TIME                  WARDEN         RESULT  PATH                   CAPABILITY               SUBJECT
                2026-12-03T05:55:00Z  payments/edge  deny    naftiko/gateway/allow  shipyard/shipyard-fleet  system:serviceaccount:ops:agent
                """);
    }

    @Test
    void pagesAreFollowedByTheirCursor() throws Exception {
        DecisionPage first = client.decisions(Map.of("limit", "2"));
        DecisionPage second = client.decisions(Map.of("limit", "2", "cursor", first.next().orElseThrow().encode()));

        assertThat(first.decisions()).extracting(d -> d.decision().decisionId()).containsExactly("a", "b");
        assertThat(second.decisions()).extracting(d -> d.decision().decisionId()).containsExactly("c");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void theJsonCarriesTheStoredEvent() throws Exception {
        JsonNode body = client.decisionsJson(Map.of("warden", "shipping/core"));

        assertThat(body.path("decisions")).hasSize(1);
        JsonNode decision = body.path("decisions").get(0);
        assertThat(decision.path("timestamp").asText()).isEqualTo("2026-12-03T03:00:00Z");
        assertThat(decision.path("event").path("decision_id").asText()).isEqualTo("c");
        assertThat(decision.path("bundles").path("naftiko").asText()).isEqualTo("rev-1");
    }

    @Test
    void theSummaryCountsTheRange() throws Exception {
        List<SummaryRow> rows = client.summary(Map.of("since", "1h"));

        assertThat(rows).containsExactlyInAnyOrder(new SummaryRow("payments/edge", "naftiko/gateway/allow", DecisionResult.DENY, 1),
                new SummaryRow("payments/edge", "naftiko/gateway/allow", DecisionResult.ALLOW, 1));
    }

    @Test
    void aParameterItCannotReadIs400NamingIt() {
        assertThatThrownBy(() -> client.decisions(Map.of("since", "2026-12-02T22:00:00")))
                .isInstanceOf(AuditInputException.class)
                .hasMessage("since: 2026-12-02T22:00:00 has no time zone; add one, as in 2026-12-02T22:00:00Z or +01:00");
        assertThatThrownBy(() -> client.summary(Map.of("warden", "x")))
                .isInstanceOf(AuditInputException.class).hasMessage("unknown parameter warden; known: since, until");
    }

    @Test
    void aStoreThatIsDownIs503() {
        store.close();

        assertThatThrownBy(() -> client.decisions(Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("the audit API answered 503: the audit store is unavailable: the embedded audit store could not find");
    }
}
