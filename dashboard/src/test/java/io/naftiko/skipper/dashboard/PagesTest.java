package io.naftiko.skipper.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.testing.Promtool;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.dashboard.prometheus.PrometheusRed;
import io.naftiko.skipper.dashboard.prometheus.RedQueries;
import io.naftiko.skipper.dashboard.server.DashboardServer;
import io.naftiko.skipper.dashboard.server.FleetView;
import io.naftiko.skipper.dashboard.view.CapabilityPage;
import io.naftiko.skipper.dashboard.view.OverviewPage;
import io.naftiko.skipper.dashboard.view.Sparkline;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages as values: what comes from the cluster is text, never markup; the server answers only to the loopback. */
class PagesTest {

    private static Capability hostile() {
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName("x").withNamespace("shop").build());
        capability.setStatus(new CapabilityStatus(Phase.Degraded, null, null, "standard", 1L, List.of(new ConditionBuilder()
                .withType("SpecResolved").withStatus("False").withReason("SpecInvalid")
                .withMessage("<script>alert(1)</script><img src=x onerror=alert(2)>").build()), null));
        return capability;
    }

    @Test
    void aConditionsMessageIsShownAsTextNotMarkup() {
        String page = OverviewPage.render(List.of(hostile()), OverviewPage.Filter.of(Map.of()));
        String filtered = OverviewPage.render(List.of(hostile()), OverviewPage.Filter.of(Map.of("name", "\"><script>")));

        assertThat(page).doesNotContain("<script>", "<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x");
        assertThat(filtered).doesNotContain("<script>").contains("value=\"&quot;&gt;&lt;script&gt;\"");
    }

    @Test
    void aSparklineWithoutDataIsADashedLineAndItsLabelIsText() {
        assertThat(Sparkline.svg(List.of(Double.NaN), "a <b>")).contains("stroke-dasharray", "<title>a &lt;b&gt;</title>")
                .doesNotContain("polyline");
        assertThat(Sparkline.svg(List.of(1.0, 3.0, 2.0), "rate")).contains("<polyline");
    }

    /** A fleet of these Capabilities alone, with no children, Wardens or documents. */
    private static FleetView fleetOf(List<Capability> capabilities) {
        return new FleetView() {
            @Override
            public List<Capability> capabilities() {
                return capabilities;
            }

            @Override
            public List<Warden> wardens() {
                return List.of();
            }

            @Override
            public List<CapabilityPage.Child> children(Capability capability) {
                return List.of();
            }

            @Override
            public Optional<String> document(Capability capability) {
                return Optional.empty();
            }
        };
    }

    @Test
    void anotherHostIsRefusedSoNoPageElsewhereReachesItThroughDnsRebinding() throws Exception {
        try (DashboardServer server = DashboardServer.start(fleetOf(List.of()), DashboardServer.Sources.none(), SystemClock.utc(), 0)) {
            assertThat(get(server.port(), "evil.example.com", "/")).startsWith("HTTP/1.1 421");
            String page = get(server.port(), "127.0.0.1:" + server.port(), "/");
            assertThat(page).startsWith("HTTP/1.1 200").contains("Content-Security-Policy: default-src 'none'", "Fleet overview");
        }
    }

    @Test
    void anUnknownCapabilityAnAuditFilterItCannotReadAndAnUnreachablePrometheusEachSaySo(@TempDir Path directory) throws Exception {
        AuditStore audit = DashboardFixture.audit(directory);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        DashboardServer.Sources sources = new DashboardServer.Sources(Optional.of(new PrometheusRed(URI.create("http://127.0.0.1:"
                + closedPort), SystemClock.utc())), Optional.of(audit), Optional.empty());
        try (DashboardServer server = DashboardServer.start(fleetOf(List.of(hostile())), sources, SystemClock.utc(), 0)) {
            String host = "127.0.0.1:" + server.port();

            assertThat(get(server.port(), host, "/capabilities/shop/nothing")).startsWith("HTTP/1.1 404").contains("There is no Capability shop/nothing");
            assertThat(get(server.port(), host, "/audit?since=soon")).startsWith("HTTP/1.1 400").contains("since");
            assertThat(get(server.port(), host, "/capabilities/shop/x")).startsWith("HTTP/1.1 200")
                    .contains("Prometheus at http://127.0.0.1:" + closedPort + "/ did not answer");
        } finally {
            audit.close();
        }
    }

    @Test
    void promtoolAcceptsTheRedQueries(@TempDir Path directory) throws Exception {
        StringBuilder rules = new StringBuilder("groups:\n- name: red\n  rules:\n");
        RedQueries.of("shipyard", "harbour").forEach((name, query) -> rules.append("  - record: dashboard:").append(name)
                .append("\n    expr: '").append(query).append("'\n"));
        Path file = Files.writeString(directory.resolve("red.yaml"), rules);

        Optional<Promtool.Result> checked = Promtool.run("check", "rules", file.toString());

        Assumptions.assumeTrue(checked.isPresent(), "promtool is not installed (apt-get install prometheus); the queries were not checked");
        assertThat(checked.get().exitCode()).as(checked.get().output()).isZero();
        assertThat(checked.get().output()).contains("SUCCESS: 4 rules found");
    }

    private static String get(int port, String host, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
