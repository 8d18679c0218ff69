package io.naftiko.skipper.bundler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OPA status reports as the bundle server reads them, and the reports it refuses. */
class StatusReportTest {

    static final WardenIdentity EDGE = new WardenIdentity("shop", "edge");
    static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void readsActiveRevisionsAndBundleErrorsFromAnOpaReport() throws Exception {
        String opa = """
                {"labels": {"id": "3f1c", "version": "1.1.0"},
                 "bundles": {
                   "tier": {"name": "tier", "active_revision": "426cd711a6a612a6", "last_successful_download": "2026-11-22T00:00:00Z"},
                   "audit": {"name": "audit", "code": "bundle_error", "message": "signature verification failed", "errors": []}},
                 "plugins": {"bundle": {"state": "OK"}}}
                """;

        StatusReport report = StatusReport.parse(EDGE, opa.getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(report.instanceId()).isEqualTo("3f1c");
        assertThat(report.activeRevisions()).containsExactly(Map.entry("tier", "426cd711a6a612a6"));
        assertThat(report.errors()).containsExactly("audit: signature verification failed");
        assertThat(report.receivedAt()).isEqualTo(NOW);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON            | {\"labels\": | the status report is not JSON",
        "not an object       | [1, 2]      | the status report is not a JSON object",
        "no instance id      | {\"bundles\": {}} | the status report has no labels.id",
        "an id forging a log line | {\"labels\": {\"id\": \"opa-1\\nERROR forged\"}} | labels.id must be at most 253 printable characters",
    })
    void refusesWhatIsNotAStatusReport(String name, String body, String message) {
        assertThatThrownBy(() -> StatusReport.parse(EDGE, body.getBytes(StandardCharsets.UTF_8), NOW))
                .isInstanceOf(BundleException.class).hasMessageStartingWith(message);
    }
}
