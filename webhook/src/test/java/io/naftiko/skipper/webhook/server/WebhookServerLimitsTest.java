package io.naftiko.skipper.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.SelfSignedTls;
import io.naftiko.skipper.tls.ServerLimits;
import io.naftiko.skipper.webhook.admission.AdmissionReviewHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What hostile or broken clients get from the webhook's real server on loopback, and that others are still served. */
class WebhookServerLimitsTest {

    static SelfSignedTls tls;
    static WebhookServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        tls = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        server = WebhookServer.start(new WebhookServer.Options("127.0.0.1", 0, ServerLimits.webhookDefaults()),
                new ReloadableTls(tls.serving()), new AdmissionReviewHandler(AdmissionContext::shippedDefaults), () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        client = Https.client(List.of(tls.authority()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SSLSocket connect() throws Exception {
        SSLSocket socket = (SSLSocket) Https.trusting(List.of(tls.authority())).getSocketFactory().createSocket("localhost", server.port());
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        return socket;
    }

    /** Sends raw bytes on a new connection and returns the status line of the answer. */
    static String rawStatusLine(String request) throws Exception {
        try (SSLSocket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }
    }

    /** The repository's sample review: a CREATE of a small inline Capability, as the API server sends one. */
    static byte[] review() throws Exception {
        return Files.readAllBytes(Fixtures.repoRoot().resolve("deploy/samples/admission/validate-create-mock.json"));
    }

    @Test
    void threeHundredSlowBodiesDoNotStopHealthChecksOrReviews() throws Exception {
        List<SSLSocket> slow = new ArrayList<>();
        ExecutorService handshakes = Executors.newFixedThreadPool(16);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try {
            List<Future<SSLSocket>> opening = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                opening.add(handshakes.submit(() -> {
                    SSLSocket socket = connect();
                    socket.getOutputStream().write(("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    return socket;
                }));
            }
            for (Future<SSLSocket> socket : opening) {
                slow.add(socket.get(60, TimeUnit.SECONDS));
            }
            // One byte a second on every connection: each keeps its connection busy and would hold a thread for ever.
            trickle.scheduleWithFixedDelay(() -> slow.forEach(socket -> {
                try {
                    socket.getOutputStream().write(' ');
                    socket.getOutputStream().flush();
                } catch (IOException closedByTheServer) {
                    // expected: the server cuts slow bodies off
                }
            }), 0, 1, TimeUnit.SECONDS);

            assertThat(Https.get(client, server.port(), "/healthz").statusCode()).isEqualTo(200);
            HttpResponse<String> reviewed = postUntilNotBusy(review());
            assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
            assertThat(reviewed.body()).contains("\"allowed\":true");
        } finally {
            trickle.shutdownNow();
            handshakes.shutdownNow();
            for (SSLSocket socket : slow) {
                socket.close();
            }
        }
    }

    /** A well-behaved client honours 503 + Retry-After; the API server's own retries do the same. */
    static HttpResponse<String> postUntilNotBusy(byte[] body) throws Exception {
        HttpResponse<String> response = Https.post(client, server.port(), "/validate", "application/json", body);
        for (int attempt = 0; attempt < 30 && response.statusCode() == 503; attempt++) {
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            Thread.sleep(1000);
            response = Https.post(client, server.port(), "/validate", "application/json", body);
        }
        return response;
    }

    @Test
    void aSlowBodyIsCutOffWith408() throws Exception {
        try (SSLSocket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            for (int i = 0; i < 30 && answer.indexOf("\r\n") < 0; i++) {
                Thread.sleep(500);
                try {
                    out.write(' ');
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                while (in.available() > 0) {
                    answer.append((char) in.read());
                }
            }
            if (answer.indexOf("\r\n") < 0) {
                answer.append(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 408");
        }
    }

    @Test
    void aThreeGigabyteContentLengthIs413BeforeAnythingIsRead() throws Exception {
        assertThat(rawStatusLine("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 3000000000\r\n\r\n{")).startsWith("HTTP/1.1 413");
    }

    @Test
    void aMalformedChunkIs400() throws Exception {
        assertThat(rawStatusLine("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")).startsWith("HTTP/1.1 400");
    }
}
