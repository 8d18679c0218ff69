package io.naftiko.skipper.bundler.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.bundler.BundlePublisher;
import io.naftiko.skipper.bundler.BundleSnapshot;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.PublishOutcome;
import io.naftiko.skipper.bundler.SigningKey;
import io.naftiko.skipper.bundler.StatusReport;
import io.naftiko.skipper.bundler.VerificationKey;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.client.WardenClient;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bundle server over real mTLS, as a Warden (or an intruder) sees it. */
class BundleServerTest {

    static final WardenIdentity PAYMENTS = new WardenIdentity("payments", "edge");
    static final WardenIdentity SHIPPING = new WardenIdentity("shipping", "edge");

    final MtlsFixture mtls = new MtlsFixture();
    final BundleStore store = new BundleStore();
    final List<StatusReport> reports = new CopyOnWriteArrayList<>();
    KeyPair signingPair;
    BundlePublisher publisher;
    BundleServer server;
    URI url;

    @BeforeEach
    void start() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        signingPair = generator.generateKeyPair();
        publisher = new BundlePublisher(store, () -> new SigningKey(signingPair.getPrivate(), "ES256", "fleet-1", Optional.empty()),
                1024 * 1024);
        publish("package naftiko.tier\n\nallow := true\n");
        BundleServer.Grants grants = warden -> warden.equals(PAYMENTS) ? Optional.of(Set.of("tier"))
                : warden.equals(SHIPPING) ? Optional.of(Set.of("other")) : Optional.empty();
        server = BundleServer.start(new BundleServer.Options("127.0.0.1", 0, Duration.ofMinutes(5), 4096), mtls.serverTls(),
                new BundleServer.Sources(store, grants, reports::add, warden -> Optional.of(config(warden))),
                new SimpleMeterRegistry(), SystemClock.utc());
        url = URI.create("https://localhost:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    PublishOutcome publish(String rego) {
        return publisher.publish(new BundleSnapshot("tier", Map.of("naftiko/tier/policy.rego", rego.getBytes(StandardCharsets.UTF_8)),
                List.of("naftiko"), Instant.parse("2026-11-22T00:00:00Z")));
    }

    static ObjectNode config(WardenIdentity warden) {
        return Mappers.json().createObjectNode().put("warden", warden.toString());
    }

    WardenClient client(WardenIdentity warden) {
        return new WardenClient(url, mtls.warden(warden));
    }

    @Test
    void aClientWithoutACertificateIsRefusedAtTheHandshake() {
        WardenClient anonymous = new WardenClient(url, mtls.anonymous());
        assertThatThrownBy(() -> anonymous.download("tier", Optional.empty(), Optional.empty()).join())
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedAtTheHandshake() {
        WardenClient impostor = new WardenClient(url, mtls.client(MtlsFixture.authority("other-ca"), List.of(PAYMENTS.uri())));
        assertThatThrownBy(() -> impostor.download("tier", Optional.empty(), Optional.empty()).join())
                .hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void aWardenReadsOnlyWhatItIsGranted() {
        WardenClient.Download notGranted = client(SHIPPING).download("tier", Optional.empty(), Optional.empty()).join();
        WardenClient.Download unknown = client(new WardenIdentity("nowhere", "ghost")).download("tier", Optional.empty(),
                Optional.empty()).join();
        WardenClient.Download noWarden = new WardenClient(url, mtls.client(mtls.ca, List.of("spiffe://naftiko.io/ns/a/other/b")))
                .download("tier", Optional.empty(), Optional.empty()).join();

        assertThat(notGranted.status()).isEqualTo(403);
        assertThat(notGranted.text()).isEqualTo("Warden shipping/edge is not granted bundle tier");
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.text()).isEqualTo("Warden nowhere/ghost is not known to Skipper");
        assertThat(noWarden.status()).isEqualTo(403);
        assertThat(noWarden.text()).startsWith("the client certificate names no Warden");
    }

    @Test
    void aGrantedWardenGetsTheSignedBundleThenA304ForTheSameEtag() throws Exception {
        WardenClient payments = client(PAYMENTS);
        WardenClient.Download first = payments.download("tier", Optional.empty(), Optional.empty()).join();
        WardenClient.Download again = payments.download("tier", Optional.of(first.etag()), Optional.empty()).join();
        WardenClient.Download stale = payments.download("tier", Optional.of("\"stale\""), Optional.empty()).join();

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/gzip");
        assertThat(first.etag()).matches("\"[0-9a-f]{64}\"");
        WardenClient.ActiveBundle active = WardenClient.activate(first, Map.of("fleet-1",
                new VerificationKey(signingPair.getPublic(), "ES256", Optional.of("fleet-1"), Optional.empty())), "fleet-1");
        assertThat(active.revision()).isEqualTo(store.current("tier").orElseThrow().revision());
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.etag()).isEqualTo(first.etag());
        assertThat(again.body()).isEmpty();
        assertThat(stale.status()).isEqualTo(200);
        assertThat(payments.download("missing", Optional.empty(), Optional.empty()).join().status()).isEqualTo(403);
    }

    @Test
    void aLongPollIsReleasedByANewRevisionLongBeforeItsWaitEnds() throws Exception {
        WardenClient payments = client(PAYMENTS);
        String etag = payments.download("tier", Optional.empty(), Optional.empty()).join().etag();

        CompletableFuture<WardenClient.Download> poll = payments.download("tier", Optional.of(etag), Optional.of(Duration.ofSeconds(120)));
        awaitWaiting(1);
        assertThat(poll).isNotDone();
        assertThat(publish("package naftiko.tier\n\nallow := false\n").result()).isEqualTo(PublishOutcome.Result.PUBLISHED);

        // Released by the revision: the poll asked to wait two minutes.
        WardenClient.Download released = poll.get(10, TimeUnit.SECONDS);
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.contentType()).isEqualTo(BundleServer.LONG_POLL_CONTENT_TYPE);
        assertThat(released.etag()).isNotEqualTo(etag).isEqualTo(store.current("tier").orElseThrow().etag());
    }

    @Test
    void aLongPollWithNothingNewEndsWithA304InTheLongPollContentType() {
        WardenClient payments = client(PAYMENTS);
        String etag = payments.download("tier", Optional.empty(), Optional.empty()).join().etag();

        WardenClient.Download answer = payments.download("tier", Optional.of(etag), Optional.of(Duration.ofSeconds(1))).join();

        assertThat(answer.status()).isEqualTo(304);
        assertThat(answer.contentType()).isEqualTo(BundleServer.LONG_POLL_CONTENT_TYPE);
        assertThat(store.waitingPolls()).isZero();
    }

    @Test
    void aThousandLongPollsAreHeldWithoutAThreadEach() throws Exception {
        WardenClient payments = client(PAYMENTS);
        String etag = payments.download("tier", Optional.empty(), Optional.empty()).join().etag();

        List<CompletableFuture<WardenClient.Download>> polls = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            polls.add(payments.download("tier", Optional.of(etag), Optional.of(Duration.ofSeconds(120))));
        }
        awaitWaiting(1000);
        long serverThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("JettyServerThreadPool")).count();
        publish("package naftiko.tier\n\nallow := input.tier == \"premium\"\n");
        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        // A thousand polls were held at once by a server whose whole pool has at most 250 threads.
        assertThat(serverThreads).isLessThanOrEqualTo(250);
        assertThat(polls).allSatisfy(poll -> assertThat(poll.join().status()).isEqualTo(200));
        assertThat(store.waitingPolls()).isZero();
    }

    @Test
    void aStatusReportIsRecordedForTheWardenItsCertificateNames() throws Exception {
        assertThat(client(PAYMENTS).reportStatus("opa-7f9c", Map.of("tier", "abc123"))).isEqualTo(200);

        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report.warden()).isEqualTo(PAYMENTS);
            assertThat(report.instanceId()).isEqualTo("opa-7f9c");
            assertThat(report.activeRevisions()).containsExactly(Map.entry("tier", "abc123"));
        });
        assertThat(client(new WardenIdentity("nowhere", "ghost")).reportStatus("x", Map.of())).isEqualTo(403);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not JSON                  | 1    | 400 | the status report is not JSON",
        "no instance id            | 2    | 400 | the status report has no labels.id",
        "over the 4096-byte limit  | 5000 | 413 | a status report is limited to 4096 bytes",
    })
    void aBadStatusReportIsRefusedWithItsReason(String name, int kind, int status, String message) throws Exception {
        String body = switch (kind) {
            case 1 -> "{\"labels\":";
            case 2 -> "{\"bundles\": {}}";
            default -> "{\"labels\": {\"id\": \"" + "x".repeat(kind) + "\"}}";
        };
        HttpResponse<String> answer = HttpClient.newBuilder().sslContext(mtls.warden(PAYMENTS)).build()
                .send(HttpRequest.newBuilder(url.resolve("/status")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).startsWith(message);
        assertThat(reports).isEmpty();
    }

    @Test
    void aStatusReportThatNeverArrivesIsCutOffLongBeforeTheLongPollIdleTimeout() throws Exception {
        try (SSLSocket socket = (SSLSocket) mtls.warden(PAYMENTS).getSocketFactory().createSocket("127.0.0.1", server.port())) {
            socket.setSoTimeout(60_000);
            socket.startHandshake();
            // Headers, then silence: with the connector's 5.5 min idle timeout (for long polls) this held a thread for minutes.
            socket.getOutputStream().write(("POST /status HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer;
            try {
                answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            } catch (SocketTimeoutException stillHeld) {
                throw new AssertionError("the server still held the connection after 60 s", stillHeld);
            } catch (IOException closed) {
                answer = "";
            }
            // Cut off at the 15 s body deadline: an answer, or the connection closed.
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).startsWith("HTTP/1.1 408"), a -> assertThat(a).startsWith("HTTP/1.1 400"),
                    a -> assertThat(a).isEmpty());
        }
    }

    @Test
    void aWardenReadsItsOwnConfigurationOnly() throws Exception {
        WardenClient.Download own = client(PAYMENTS).configuration("payments", "edge");
        WardenClient.Download other = client(PAYMENTS).configuration("shipping", "edge");

        assertThat(own.status()).isEqualTo(200);
        JsonNode body = Mappers.json().readTree(own.body());
        assertThat(body.path("warden").asText()).isEqualTo("payments/edge");
        assertThat(other.status()).isEqualTo(403);
    }

    /**
     * Waits until {@code polls} long polls are held. Progress, not a clock, decides: on a loaded 2-core machine a
     * thousand TLS handshakes can take a minute, so it waits as long as polls keep arriving (and gives up only after
     * 30 s without a new one).
     */
    private void awaitWaiting(int polls) throws InterruptedException {
        int seen = store.waitingPolls();
        long lastProgress = System.nanoTime();
        while (seen < polls && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(30)) {
            Thread.sleep(50);
            int now = store.waitingPolls();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            }
        }
        assertThat(store.waitingPolls()).isEqualTo(polls);
    }
}
