package io.naftiko.skipper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The packaged webhook in a JVM with a 384 MB heap, sent 16 seven-megabyte reviews at once: it answers every one
 * (admitted, or 503 with Retry-After for those over its budget of bytes in flight), never runs out of memory, and is
 * healthy afterwards.
 */
class WebhookHeapIT {

    private static final Path JAR = Fixtures.repoRoot().resolve("cli/target/skipper.jar");
    private static final Pattern LISTENING = Pattern.compile("admission webhook on https://[^:]+:(\\d+)");

    @Test
    void sixteenConcurrentSevenMegabyteReviewsInA384MegabyteHeap() throws Exception {
        Path classes = Files.createTempDirectory("classes");
        Files.copy(Fixtures.repoRoot().resolve("deploy/classes/standard.yaml"), classes.resolve("standard.yaml"));
        Process webhook = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-XX:+ExitOnOutOfMemoryError", "-jar", JAR.toString(), "webhook", "--self-signed", "--port", "0",
                "--classes", classes.toString()).redirectErrorStream(true).start();
        try {
            int port = port(webhook);
            HttpClient client = HttpClient.newBuilder().sslContext(trustingAnything()).connectTimeout(Duration.ofSeconds(10)).build();
            ObjectNode review = (ObjectNode) Mappers.json().readTree(Files.readAllBytes(Fixtures.filesIn(
                    Fixtures.shared().resolve("admission/real-apiserver"), ".json").stream()
                    .filter(p -> p.getFileName().toString().startsWith("24-")).findFirst().orElseThrow()));
            ((ObjectNode) review.at("/request/object/spec/info")).put("description", "x".repeat(7 * 1000 * 1000));
            byte[] sevenMegabytes = Mappers.json().writeValueAsBytes(review);

            // Raw connections, reading the answer while the body is sent, as the API server's Go client does: an early
            // 503 is read even though the server stops reading the upload it refused.
            SSLContext tls = trustingAnything();
            List<CompletableFuture<String>> sent = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                sent.add(CompletableFuture.supplyAsync(() -> post(tls, port, sevenMegabytes), Executors.newSingleThreadExecutor()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<String> response : sent) {
                String head = response.get(120, TimeUnit.SECONDS);
                int status = Integer.parseInt(head.substring(9, 12));
                statuses.add(status);
                if (status == 503) {
                    assertThat(head).containsIgnoringCase("Retry-After: 1");
                }
            }

            assertThat(statuses).as("every review answered").hasSize(16).allMatch(status -> status == 200 || status == 503);
            assertThat(statuses).as("some admitted").contains(200);
            assertThat(webhook.isAlive()).as("no OutOfMemoryError").isTrue();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        } finally {
            webhook.destroy();
        }
    }

    /** Sends one review on its own connection and returns the answer's status line and headers. */
    private static String post(SSLContext tls, int port, byte[] body) {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            socket.setSoTimeout(120_000);
            socket.startHandshake();
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    StringBuilder head = new StringBuilder();
                    InputStream in = socket.getInputStream();
                    for (int c = in.read(); c >= 0 && head.indexOf("\r\n\r\n") < 0; c = in.read()) {
                        head.append((char) c);
                    }
                    return head.toString();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            OutputStream out = socket.getOutputStream();
            try {
                out.write(("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                for (int offset = 0; offset < body.length && !answer.isDone(); offset += 64 * 1024) {
                    out.write(body, offset, Math.min(64 * 1024, body.length - offset));
                }
                out.flush();
            } catch (IOException refusedMidUpload) {
                // The server answered early and stopped reading: the answer is what counts.
            }
            return answer.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no answer: " + e, e);
        }
    }

    private static int port(Process webhook) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(webhook.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.append(line).append('\n');
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                // Keep draining its output so it never blocks on a full pipe.
                Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }));
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(listening.group(1));
            }
        }
        throw new AssertionError("the webhook did not start:\n" + seen);
    }

    /** The webhook's certificate is self-signed and new: the test trusts it blindly, on loopback only. */
    private static SSLContext trustingAnything() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // not a client-authenticating test
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // loopback, a certificate made for this run
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        return context;
    }
}
