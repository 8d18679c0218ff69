package io.naftiko.skipper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.tls.SelfSignedTls;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** The long-running commands refuse bad input with one line before they start anything. */
class ServerCommandsBadInputTest {

    @TempDir
    Path dir;

    @Test
    void aCertificateWithAnotherKeysKeyIsRefused() throws Exception {
        SelfSignedTls one = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        SelfSignedTls other = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        Path certificate = Files.writeString(dir.resolve("tls.crt"), Pem.certificates(one.serving().chain()));
        Path key = Files.writeString(dir.resolve("tls.key"), Pem.privateKey(other.serving().key()));

        CliRun run = CliRun.of("webhook", "--tls-cert", certificate.toString(), "--tls-key", key.toString(), "--port", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("webhook: error: " + key + " is not the key of " + certificate);
    }

    @Test
    void missingCertificateFilesAreOneLine() {
        CliRun run = CliRun.of("webhook", "--tls-cert", dir.resolve("none.crt").toString(),
                "--tls-key", dir.resolve("none.key").toString(), "--port", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).singleElement().asString().startsWith("webhook: error: cannot read ");
    }

    @Test
    void anUnknownComponentIsRefused() {
        CliRun run = CliRun.of("operator", "--disable", "webhook,scheduler");

        // A usage error, as picocli reports one (the operator's own entry point in the image says the same).
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly("operator: --disable scheduler: components are webhook, reconciler, certs, bundler, fleet, audit, dashboard",
                "(see 'skipper operator --help')");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--audit-max-age | 1w | operator: --audit-max-age: 1w is not a duration (90s, 15m, 1h30m, 30d)",
        "--audit-max-decisions | 0 | operator: --audit-max-age and --audit-max-decisions must keep something",
        "--audit-drop-fields | /decision_id | operator: --audit-drop-fields: field to drop /decision_id: only fields under",
        "--audit-database-url | jdbc:mysql://db/audit | operator: --audit-database-url: the audit database URL must start with jdbc:postgresql:",
        "--audit-database-url | jdbc:postgresql://db/audit?password=hunter2 | operator: --audit-database-url: the audit database URL must not carry the password",
        "--prometheus-url | prometheus:9090 | operator: --prometheus-url prometheus:9090: expected http(s)://HOST[:PORT][/PATH]",
        "--prometheus-url | http://prom etheus:9090 | operator: --prometheus-url http://prom etheus:9090: not a URL",
        "--prometheus-url | https://admin:hunter2@prometheus:9090 | operator: --prometheus-url: credentials in the URL would be copied into every AnalysisTemplate"})
    void anAuditOrPrometheusSettingThatCannotWorkIsAUsageErrorBeforeAnyConnection(String option, String value, String message) {
        CliRun run = CliRun.of("operator", option, value);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).first().asString().startsWith(message).doesNotContain("hunter2");
    }

    @Test
    void aPrometheusUrlFromTheEnvironmentIsCheckedAsTheOptionIsAndNeverShowsItsPassword() {
        CliRun fromEnvironment = CliRun.of(Map.of("NAFTIKO_PROMETHEUS_URL", "prometheus:9090"), "operator");
        CliRun malformed = CliRun.of("operator", "--prometheus-url", "http://admin:hunter2@prom etheus:9090");

        assertThat(fromEnvironment.exitCode()).isEqualTo(2);
        assertThat(fromEnvironment.err().lines()).first().asString()
                .isEqualTo("operator: NAFTIKO_PROMETHEUS_URL prometheus:9090: expected http(s)://HOST[:PORT][/PATH]");
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("--prometheus-url http://***@prom etheus:9090: not a URL").doesNotContain("hunter2");
    }

    @Test
    void aDurationIsWrittenAsPeopleWriteIt() {
        CliRun run = CliRun.of("webhook", "--self-signed", "--port", "0", "--reload-interval", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).first().asString().contains("'soon' is not a duration: write 500ms, 10s, 5m or 1h");
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            CliRun run = CliRun.of("webhook", "--self-signed", "--port", String.valueOf(taken.getLocalPort()), "--classes",
                    Fixtures.repoRoot().resolve("deploy/classes").toString());

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err().lines()).filteredOn(line -> line.startsWith("webhook: error:")).singleElement().asString()
                    .contains("the port is in use");
        }
    }

    @Test
    void bundleServeRefusesBadInputBeforeServing() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        Path certificate = Files.writeString(dir.resolve("tls.crt"), Pem.certificates(tls.serving().chain()));
        Path key = Files.writeString(dir.resolve("tls.key"), Pem.privateKey(tls.serving().key()));
        Path ca = Files.writeString(dir.resolve("ca.crt"), Pem.certificate(tls.authority()));
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Path notPem = Files.writeString(dir.resolve("signing.pem"), "not a key");
        String[] common = {"--port", "0", "--tls-cert", certificate.toString(), "--tls-key", key.toString(), "--key-id", "k1"};

        assertThat(serve(common, "--policies", dir.resolve("none").toString(), "--signing-key", key.toString(),
                "--client-ca", ca.toString())).isEqualTo("serve: error: " + dir.resolve("none") + ": not a folder");
        assertThat(serve(common, "--policies", policies.toString(), "--signing-key", notPem.toString(),
                "--client-ca", ca.toString()))
                .startsWith("serve: error: " + notPem + ": ");
        assertThat(serve(common, "--policies", policies.toString(), "--signing-key", key.toString(), "--grant", "payments=tier",
                "--client-ca", ca.toString()))
                .isEqualTo("serve: error: --grant payments=tier: expected NAMESPACE/NAME=BUNDLE[,BUNDLE...]");
        assertThat(serve(common, "--policies", policies.toString(), "--signing-key", key.toString(), "--client-ca", notPem.toString()))
                .startsWith("serve: error: " + notPem + ": ");
    }

    private static String serve(String[] common, String... more) {
        List<String> arguments = new ArrayList<>(List.of("bundle", "serve"));
        arguments.addAll(List.of(common));
        arguments.addAll(List.of(more));
        CliRun run = CliRun.of(arguments.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(1);
        return run.err().strip();
    }
}
