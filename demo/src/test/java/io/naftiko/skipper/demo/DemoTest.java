package io.naftiko.skipper.demo;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The demo's whole flow, the same code path as {@code skipper demo}. */
class DemoTest {

    @Test
    void admitsReconcilesAndHasAWardenPullAndVerifyASignedBundle() throws Exception {
        StringWriter output = new StringWriter();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);

        Demo.Report report;
        try {
            report = new Demo(new PrintWriter(output), SystemClock.utc()).run();
        } finally {
            root.detachAppender(logged);
        }

        // Its own writes never conflict and never warn: one writer (server-side apply), one pass at a time.
        assertThat(logged.list).filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        // A 409 as a word: the ports and digests printed may hold the digits 409 (localhost:40967).
        Pattern conflict = Pattern.compile("\\b409\\b");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(message -> conflict.matcher(message).find());
        assertThat(output.toString()).doesNotContainPattern(conflict).doesNotContain("WARN");

        assertThat(report.admitted()).containsExactlyInAnyOrder("shipyard-mock", "shipyard-fleet");
        assertThat(report.denied()).containsOnlyKeys("shipyard-oversized");
        assertThat(report.denied().get("shipyard-oversized"))
                .contains("spec.runtime.autoscaling.maxReplicas: 5 exceeds the maximum of 2 replicas in tier 'dev'");
        assertThat(report.phases()).containsEntry("shipyard-mock", "Running").containsEntry("shipyard-fleet", "Running");
        assertThat(report.children()).contains("Deployment/shipyard-fleet", "Service/shipyard-fleet", "ConfigMap/shipyard-fleet",
                "HorizontalPodAutoscaler/shipyard-fleet", "Deployment/shipyard-mock");
        assertThat(report.bundleRevision()).matches("[0-9a-f]{16}");
        assertThat(report.reportedRevision()).isEqualTo(report.bundleRevision());
        assertThat(report.longPollMillis()).isPositive();
        assertThat(report.gateway().offered()).containsExactly("create-voyage", "get-ship-with-crew", "get-voyage-manifest",
                "list-legacy-vessels", "list-ships", "shipyard-fleet__get-ship");
        // The Warden's five decisions stored once though uploaded twice; the two denies listed, newest first.
        assertThat(report.audit().stored()).isEqualTo(5);
        assertThat(report.audit().denied()).containsExactly("demo-decision-5", "demo-decision-3");
        assertThat(report.audit().table()).contains("shipyard/fleet-warden", "deny", "naftiko/gateway/allow", "shipyard/shipyard-fleet",
                "user:mallory@example.com").doesNotContainPattern(" allow +naftiko/");
        assertThat(report.gateway().withheld()).containsOnlyKeys("shipyard-mock");
        assertThat(report.gateway().withheld().get("shipyard-mock")).startsWith("NoEndpoint: its MCP expose has no address");
        assertThat(report.gateway().answer()).isEqualTo("stand-in shipyard-fleet ran get-ship with {\"imo\":\"IMO-9321483\"}");
        assertThat(report.fleetSteps()).containsExactly("applied: staging r1, prod r1", "edited: staging r2, prod r1",
                "promoted: staging r2, prod r2");
        assertThat(output.toString())
                .contains("NOT a real cluster")
                .contains("DENIED    Capability shipyard/shipyard-oversized")
                .contains("shipyard   shipyard-fleet  standard  Running")
                .contains("verified 3 signed files")
                .containsPattern("dashboard: http://127\\.0\\.0\\.1:\\d+/")
                .contains("lists the 2 admitted Capabilities with their phase");
    }

    @Test
    void atTraceNothingSecretIsLogged() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        root.setLevel(Level.TRACE);
        try {
            new Demo(new PrintWriter(new StringWriter()), SystemClock.utc()).run();
        } finally {
            root.setLevel(before);
            root.detachAppender(logged);
        }

        StringBuilder everything = new StringBuilder();
        for (ILoggingEvent event : logged.list) {
            everything.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                everything.append(cause.getMessage()).append('\n');
            }
        }
        String log = everything.toString();
        String bindValues = Files.readString(Fixtures.repoRoot().resolve("deploy/samples/demo-secrets/shipyard-fleet-bind-shared.yaml"));
        assertThat(logged.list).as("TRACE was on").hasSizeGreaterThan(100);
        assertThat(log).doesNotContain("PRIVATE KEY")
                // "-----BEGIN PRIVATE KEY" and "-----BEGIN EC PRIVATE KEY" as they appear base64-encoded in Secret data
                .doesNotContain("LS0tLS1CRUdJTiBQUklWQVRF").doesNotContain("LS0tLS1CRUdJTiBFQyBQUklW")
                .doesNotContain(Demo.OPERATOR_TOKEN).doesNotContain("Bearer ").doesNotContain(GatewayDemo.AGENT_TOKEN)
                .doesNotContain("dummy-dockyard-key").doesNotContain("sk-mcp-YYYYYYYYYYYY")
                .doesNotContain(Base64.getEncoder().encodeToString(bindValues.substring(bindValues.indexOf("registry-bearer-token"))
                        .lines().findFirst().orElseThrow().getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    }
}
