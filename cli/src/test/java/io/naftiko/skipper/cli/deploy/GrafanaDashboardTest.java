package io.naftiko.skipper.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.testing.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy/grafana/skipper-fleet.json}: every panel's PromQL parses (promtool), and it shows what the docs say. */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Fixtures.repoRoot().resolve("deploy/grafana/skipper-fleet.json");

    private static JsonNode dashboard() throws Exception {
        return Mappers.json().readTree(Files.readString(DASHBOARD));
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }

    @Test
    void everyPanelsQueryIsPromqlThatPromtoolAccepts(@TempDir Path directory) throws Exception {
        List<String> expressions = expressions(dashboard());
        StringBuilder rules = new StringBuilder("groups:\n- name: grafana-panels\n  rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            // Grafana's variables as a user's choice would fill them in.
            String expr = expressions.get(i).replace("$__rate_interval", "5m").replace("$namespace", "shipyard|dev")
                    .replace("$capability", "harbour");
            rules.append("  - record: grafana:panel_").append(i).append("\n    expr: '").append(expr.replace("'", "''")).append("'\n");
        }
        Path file = Files.writeString(directory.resolve("panels.yaml"), rules);

        Optional<Promtool.Result> checked = Promtool.run("check", "rules", file.toString());

        Assumptions.assumeTrue(checked.isPresent(), "promtool is not installed (apt-get install prometheus); the panels were not checked");
        assertThat(checked.get().exitCode()).as(checked.get().output()).isZero();
        assertThat(checked.get().output()).contains("SUCCESS: " + expressions.size() + " rules found");
    }

    @Test
    void itShowsEveryCapabilityPerOperationAndSkippersOwnMetrics() throws Exception {
        JsonNode dashboard = dashboard();
        String all = String.join("\n", expressions(dashboard));

        assertThat(dashboard.path("uid").asText()).isEqualTo("skipper-fleet");
        assertThat(all).contains("ikanos_request_total", "ikanos_request_errors", "ikanos_request_duration_seconds_bucket",
                "ikanos_operation_id", "up{", "skipper_admission_requests_seconds", "skipper_bundle_requests_total",
                "skipper_audit_decisions_total", "skipper_pass_failures_total");
        dashboard.path("panels").forEach(panel -> {
            assertThat(panel.path("title").asText()).as("panel %s", panel.path("id")).isNotBlank();
            if (!panel.path("type").asText().equals("row")) {
                assertThat(panel.path("description").asText()).as(panel.path("title").asText()).isNotBlank();
                assertThat(panel.at("/datasource/uid").asText()).as("the datasource is the dashboard's variable").isEqualTo("${datasource}");
            }
        });
        assertThat(dashboard.at("/templating/list").findValuesAsText("name")).containsExactly("datasource", "namespace", "capability");
    }
}
