package io.naftiko.skipper.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.ServerLimits;
import io.naftiko.skipper.tls.SelfSignedTls;
import io.naftiko.skipper.webhook.admission.AdmissionReviewHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebhookServerTest {

    static final AtomicBoolean READY = new AtomicBoolean(false);
    static SelfSignedTls tls;
    static WebhookServer server;
    static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        tls = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        server = WebhookServer.start(new WebhookServer.Options("127.0.0.1", 0,
                        ServerLimits.webhookDefaults().withIdleTimeout(Duration.ofMillis(700))), new ReloadableTls(tls.serving()),
                new AdmissionReviewHandler(AdmissionContext::shippedDefaults), READY::get,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        client = Https.client(List.of(tls.authority()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] realRequest(String prefix) throws Exception {
        return Files.readAllBytes(Fixtures.filesIn(Fixtures.shared().resolve("admission/real-apiserver"), ".json").stream()
                .filter(p -> p.getFileName().toString().startsWith(prefix + "-")).findFirst().orElseThrow());
    }

    @Test
    void mutatesAndValidatesOverHttps() throws Exception {
        HttpResponse<String> mutate = Https.post(client, server.port(), "/mutate", "application/json", realRequest("23"));
        HttpResponse<String> validate = Https.post(client, server.port(), "/validate?timeout=5s", "application/json", realRequest("24"));

        assertThat(mutate.statusCode()).isEqualTo(200);
        assertThat(mutate.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(Mappers.json().readTree(mutate.body()).at("/response/patchType").asText()).isEqualTo("JSONPatch");
        assertThat(Mappers.json().readTree(validate.body()).at("/response/allowed").asBoolean()).isTrue();
    }

    @Test
    void healthReadinessAndMetrics() throws Exception {
        READY.set(false);
        assertThat(Https.get(client, server.port(), "/healthz").statusCode()).isEqualTo(200);
        assertThat(Https.get(client, server.port(), "/readyz").statusCode()).isEqualTo(503);
        READY.set(true);
        assertThat(Https.get(client, server.port(), "/readyz").statusCode()).isEqualTo(200);

        Https.post(client, server.port(), "/validate", "application/json", realRequest("02"));
        String metrics = Https.get(client, server.port(), "/metrics").body();

        assertThat(metrics).contains("skipper_admission_requests_seconds_count{kind=\"CapabilityClass\",operation=\"validate\",result=\"allowed\"}");
        assertThat(metrics).contains("skipper_admission_requests_seconds_bucket{kind=\"CapabilityClass\",operation=\"validate\",result=\"allowed\",le=");
    }

    @Test
    void aBodyThatIsNotAReviewIsA400WithAReason() throws Exception {
        HttpResponse<String> response = Https.post(client, server.port(), "/validate", "application/json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("expected kind AdmissionReview, found no kind");
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        HttpResponse<String> response = Https.post(client, server.port(), "/mutate", "text/plain", realRequest("03"));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.body()).contains("expected Content-Type application/json, got text/plain");
    }

    @Test
    void aSevenMegabyteObjectIsAcceptedAndALargerOneIs413BeforeItsBodyIsRead() throws Exception {
        ObjectNode review = (ObjectNode) Mappers.json().readTree(realRequest("24"));
        ((ObjectNode) review.at("/request/object/spec/info")).put("description", "x".repeat(7 * 1000 * 1000));
        byte[] sevenMegabytes = Mappers.json().writeValueAsBytes(review);
        ((ObjectNode) review.at("/request/object/spec/info")).put("description", "x".repeat(9 * 1000 * 1000));
        byte[] nineMegabytes = Mappers.json().writeValueAsBytes(review);

        HttpResponse<String> accepted = Https.post(client, server.port(), "/validate", "application/json", sevenMegabytes);
        // The refusal comes from the declared length, before the body is read, and the server closes the connection
        // after it: a client still uploading could see a reset instead of the 413, so the test sends the headers only.
        String refused;
        try (SSLSocket socket = (SSLSocket) Https.trusting(List.of(tls.authority())).getSocketFactory().createSocket("localhost", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                    + nineMegabytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            refused = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        }

        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(Mappers.json().readTree(accepted.body()).at("/response/allowed").asBoolean()).isTrue();
        assertThat(refused).isEqualTo("HTTP/1.1 413");
    }

    @Test
    void aSlowClientTimesOutAndOthersAreServedMeanwhile() throws Exception {
        try (SSLSocket slow = (SSLSocket) Https.trusting(List.of(tls.authority())).getSocketFactory()
                .createSocket("localhost", server.port())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{\"kind\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();

            HttpResponse<String> other = Https.post(client, server.port(), "/validate", "application/json", realRequest("02"));
            assertThat(other.statusCode()).isEqualTo(200);

            slow.setSoTimeout(10_000);
            long start = System.nanoTime();
            InputStream in = slow.getInputStream();
            byte[] buffer = new byte[4096];
            int read;
            try {
                do {
                    read = in.read(buffer);
                } while (read > 0);
            } catch (IOException closed) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
        }
        assertThat(Https.get(client, server.port(), "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void everyAnswerEchoesTheUid() throws Exception {
        JsonNode request = Mappers.json().readTree(realRequest("37"));
        JsonNode answer = Mappers.json().readTree(Https.post(client, server.port(), "/validate", "application/json",
                realRequest("37")).body());
        assertThat(answer.at("/response/uid").asText()).isEqualTo(request.at("/request/uid").asText());
    }
}
