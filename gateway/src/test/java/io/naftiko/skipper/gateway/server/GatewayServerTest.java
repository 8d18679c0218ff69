package io.naftiko.skipper.gateway.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.gateway.auth.StaticTokens;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.CredentialSource;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.mcp.McpEndpoint;
import io.naftiko.skipper.gateway.mcp.McpReply;
import io.naftiko.skipper.gateway.mcp.SessionTokens;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.SelfSignedTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's HTTPS server: what it refuses before reading, and the built-in router (the paths an HTTPRoute would
 * route, served by the gateway where there is no Gateway API).
 */
class GatewayServerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private Javalin capability;
    private GatewayServer gateway;
    private HttpClient client;
    private SSLContext trust;
    private String base;

    @BeforeEach
    void start() throws Exception {
        capability = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/ships/{imo}", ctx -> ctx.header("X-Capability", "shipyard-fleet").result("ship " + ctx.pathParam("imo")
                    + " status=" + ctx.queryParam("status") + " auth=" + ctx.header("Authorization") + " prefix="
                    + ctx.header("X-Forwarded-Prefix")));
            config.routes.post("/voyages", ctx -> ctx.status(201).result("planned " + ctx.body()));
        }).start("127.0.0.1", 0);
        URI rest = URI.create("http://127.0.0.1:" + capability.port());
        Inventory inventory = Inventory.of(List.of(
                target("shipyard-fleet", Optional.of(rest), Health.ready()),
                target("shipyard-down", Optional.of(rest), Health.of(Health.State.NOT_READY, "Progressing: 0 of 1 replicas available")),
                target("shipyard-tools", Optional.empty(), Health.ready())));
        SelfSignedTls tls = SelfSignedTls.create(List.of("localhost"), CLOCK);
        McpEndpoint endpoint = new McpEndpoint(() -> inventory, call -> McpReply.accepted(), SessionTokens.randomKey(CLOCK,
                Duration.ofHours(1)), "test");
        gateway = GatewayServer.start(new GatewayServer.Options("127.0.0.1", 0, GatewayServer.Options.defaultLimits()),
                new ReloadableTls(tls.serving()), endpoint, StaticTokens.of(Map.of("alice", "alice-token-000000000001")), () -> inventory,
                Optional.of(new RestRouter(() -> inventory, HttpClient.newHttpClient(), Duration.ofSeconds(10))), () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        trust = TrustStores.trusting(List.of(tls.authority()));
        client = HttpClient.newBuilder().sslContext(trust).build();
        base = "https://localhost:" + gateway.port();
    }

    private static CapabilityTarget target(String name, Optional<URI> rest, Health health) {
        return new CapabilityTarget("shipyard", name, "", Optional.empty(), rest, health, new CredentialSource.None(), List.of(), false);
    }

    @AfterEach
    void stop() {
        gateway.close();
        capability.stop();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPathUnderACapabilityReachesItsRestPortWithThePrefixRemovedAndTheClientsHeaders() throws Exception {
        HttpResponse<String> got = send(HttpRequest.newBuilder(URI.create(base + "/shipyard/shipyard-fleet/ships/IMO-1?status=active"))
                .header("Authorization", "Bearer the-capability-s-own-rest-token"));
        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(base + "/shipyard/shipyard-fleet/voyages"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"ship\":\"IMO-1\"}")));

        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(got.body()).isEqualTo("ship IMO-1 status=active auth=Bearer the-capability-s-own-rest-token prefix=/shipyard/shipyard-fleet");
        assertThat(got.headers().firstValue("X-Capability")).contains("shipyard-fleet");
        assertThat(posted.statusCode()).isEqualTo(201);
        assertThat(posted.body()).isEqualTo("planned {\"ship\":\"IMO-1\"}");
    }

    @Test
    void aCapabilityThatIsNotReadyOrHasNoRestExposeIsRefusedWithWhy() throws Exception {
        HttpResponse<String> down = send(HttpRequest.newBuilder(URI.create(base + "/shipyard/shipyard-down/ships/IMO-1")));
        HttpResponse<String> noRest = send(HttpRequest.newBuilder(URI.create(base + "/shipyard/shipyard-tools/ships/IMO-1")));
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(base + "/harbour/nowhere/x")));

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).contains("5");
        assertThat(down.body()).contains("capability shipyard/shipyard-down is NotReady: Progressing: 0 of 1 replicas available");
        assertThat(noRest.statusCode()).isEqualTo(404);
        assertThat(noRest.body()).contains("no capability shipyard/shipyard-tools with a REST expose");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void anMcpRequestTooLargeOrNotJsonIsRefusedBeforeItIsRead() throws Exception {
        HttpRequest.Builder mcp = HttpRequest.newBuilder(URI.create(base + "/mcp")).header("Authorization", "Bearer alice-token-000000000001");
        // Raw bytes: a declared 5 MiB body is refused on its Content-Length, before any of it is read (an HTTP client
        // sending the whole body would race the server's close).
        String large;
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("localhost", gateway.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /mcp HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer alice-token-000000000001\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 5242880\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            large = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
        HttpResponse<String> text = send(mcp.copy().header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> stream = send(mcp.copy().GET());

        assertThat(large).startsWith("HTTP/1.1 413").contains("exceeds the limit of 4194304 bytes");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.body()).contains("expected Content-Type application/json, got text/plain");
        assertThat(stream.statusCode()).isEqualTo(405);
        assertThat(stream.headers().firstValue("Allow")).contains("POST");
    }

    @Test
    void aCapabilityThatDoesNotAnswerIsABadGateway() throws Exception {
        capability.stop();

        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(base + "/shipyard/shipyard-fleet/ships/IMO-1")));

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).contains("capability shipyard/shipyard-fleet is unreachable");
    }
}
