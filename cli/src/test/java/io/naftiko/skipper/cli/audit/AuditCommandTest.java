package io.naftiko.skipper.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.audit.Decision;
import io.naftiko.skipper.audit.DecisionResult;
import io.naftiko.skipper.audit.query.AuditQueryServer;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.EmbeddedAuditStore;
import io.naftiko.skipper.cli.CliRun;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skipper audit} against a running audit API: what it prints, and the errors it gives. */
class AuditCommandTest {

    @TempDir
    Path directory;
    AuditStore store;
    AuditQueryServer server;
    String url;

    static Decision decision(String id, Instant at, DecisionResult result, String subject) {
        return new Decision("payments/edge", id, at, at, "naftiko/gateway/allow", result, Optional.of("shipyard"),
                Optional.of("shipyard-fleet"), Optional.of(subject), Map.of("fleet-policy", "426cd711"), false,
                "{\"decision_id\":\"" + id + "\"}");
    }

    @BeforeEach
    void start() throws Exception {
        store = EmbeddedAuditStore.open(directory.resolve("decisions"));
        Instant now = SystemClock.utc().instant();
        store.store(List.of(decision("d1", now.minusSeconds(60), DecisionResult.DENY, "user:mallory@example.com"),
                decision("d2", now.minusSeconds(120), DecisionResult.ALLOW, "system:serviceaccount:ops:agent")));
        server = AuditQueryServer.start(store, SystemClock.utc(), 0);
        url = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    @Test
    void denyListsOnlyDenies() {
        CliRun run = CliRun.of("audit", "--url", url, "--deny");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        assertThat(run.out()).startsWith("TIME").contains("user:mallory@example.com").doesNotContain("ops:agent");
    }

    @Test
    void wideAddsRevisionsAndIdsAndJsonIsTheApisAnswer() throws Exception {
        CliRun wide = CliRun.of("audit", "--url", url, "-o", "wide");
        CliRun json = CliRun.of("audit", "--url", url, "-o", "json", "--capability", "shipyard/shipyard-fleet");

        assertThat(wide.out()).contains("fleet-policy@426cd711", "d1", "d2");
        assertThat(Mappers.json().readTree(json.out()).path("decisions")).hasSize(2);
    }

    @Test
    void theSummaryCountsPerWardenPathAndResult() {
        CliRun run = CliRun.of("audit", "--url", url, "--summary");

        assertThat(run.out()).contains("WARDEN", "DECISIONS").containsPattern("payments/edge +naftiko/gateway/allow +deny +1");
    }

    @Test
    void badInputIsAClearError() {
        CliRun localTime = CliRun.of("audit", "--url", url, "--since", "2026-12-02T22:00:00");
        CliRun output = CliRun.of("audit", "--url", url, "-o", "yaml");
        CliRun both = CliRun.of("audit", "--url", url, "--deny", "--result", "allow");
        CliRun nothing = CliRun.of("audit", "--url", "http://127.0.0.1:9");

        assertThat(localTime.exitCode()).isNotZero();
        assertThat(localTime.err()).contains("since: 2026-12-02T22:00:00 has no time zone");
        assertThat(output.err()).contains("-o yaml: table, wide or json");
        assertThat(both.err()).contains("--deny with --result allow: choose one");
        assertThat(nothing.err()).contains("the audit API cannot be read");
    }
}
