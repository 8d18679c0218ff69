package io.naftiko.skipper.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.tls.SelfSignedTls;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhook benchmark: the real webhook ({@code skipper webhook}) and a bare TLS endpoint on the
 * same server code and JVM flags, each in its own JVM, driven by {@link LoadGenerator} in a third
 * JVM with a realistic mutate request (the tutorial's step-11 capability inline). Run from the
 * repository root after {@code mvn -B -q -DskipTests package}:
 * {@code java -jar bench/target/skipper-bench.jar [SECONDS]}.
 */
public final class WebhookBenchmark {

    /** JVM flags of both servers; {@code -Dskipper.bench.jvm="..."} adds more (e.g. GC logging). */
    private static final List<String> SERVER_JVM = serverJvm();
    private static final int ROUNDS = 3;
    private static final int WARM_UP_SECONDS = 25;
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    private WebhookBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path work = Files.createTempDirectory("skipper-bench-");
        SelfSignedTls tls = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        Path ca = Files.writeString(work.resolve("ca.crt"), Pem.certificate(tls.authority()));
        Path cert = Files.writeString(work.resolve("tls.crt"), Pem.certificates(tls.serving().chain()));
        Path key = Files.writeString(work.resolve("tls.key"), Pem.privateKey(tls.serving().key()));
        Path body = work.resolve("mutate-step-11.json");
        Files.write(body, mutateReview(Path.of("deploy/samples/shipyard-fleet/shipyard-fleet.yml")));
        HttpClient probe = HttpClient.newBuilder().sslContext(TrustStores.trusting(List.of(tls.authority())))
                .version(HttpClient.Version.HTTP_1_1).build();

        int webhookPort = freePort();
        List<String> webhook = new ArrayList<>(List.of(JAVA));
        webhook.addAll(SERVER_JVM);
        webhook.addAll(List.of("-jar", "cli/target/skipper.jar", "webhook", "--tls-cert", cert.toString(), "--tls-key",
                key.toString(), "--classes", "deploy/classes", "--port", Integer.toString(webhookPort)));
        long started = System.nanoTime();
        Process webhookProcess = start(webhook, work.resolve("webhook.log"));
        Duration toReady = awaitOk(probe, "https://localhost:" + webhookPort + "/readyz", started);

        int barePort = freePort();
        List<String> bare = new ArrayList<>(List.of(JAVA));
        bare.addAll(SERVER_JVM);
        bare.addAll(List.of("-cp", "bench/target/skipper-bench.jar", BareTlsServer.class.getName(), Integer.toString(barePort),
                cert.toString(), key.toString()));
        long bareStarted = System.nanoTime();
        Process bareProcess = start(bare, work.resolve("bare.log"));
        Duration bareToReady = awaitOk(probe, "https://localhost:" + barePort + "/healthz", bareStarted);

        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        List<Double> ratios = new ArrayList<>();
        String webhookUrl = "https://localhost:" + webhookPort + "/mutate";
        String bareUrl = "https://localhost:" + barePort + "/mutate";
        try {
            // The webhook's JIT needs far longer than the bare endpoint's to settle (Jackson, JSON Patch,
            // admission): warm both servers up at saturation before anything is measured.
            load("saturate", webhookUrl, ca, body, 16, WARM_UP_SECONDS);
            load("saturate", bareUrl, ca, body, 16, WARM_UP_SECONDS);
            // Saturation alternates between the two servers, round after round, so that drift in this
            // shared machine's speed falls on both alike; the ratio reported is the median of the rounds.
            for (int round = 1; round <= ROUNDS; round++) {
                Map<String, String> webhookRound = load("saturate", webhookUrl, ca, body, 16, seconds);
                Map<String, String> bareRound = load("saturate", bareUrl, ca, body, 16, seconds);
                results.put("webhook saturation, round " + round, webhookRound);
                results.put("bare saturation, round " + round, bareRound);
                ratios.add(Double.parseDouble(webhookRound.get("throughput")) / Double.parseDouble(bareRound.get("throughput")));
            }
            results.put("webhook 1000 req/s", load("rate", webhookUrl, ca, body, 1000, seconds));
            results.put("bare 1000 req/s", load("rate", bareUrl, ca, body, 1000, seconds));
        } finally {
            webhookProcess.destroy();
            bareProcess.destroy();
        }

        System.out.printf("JVM start to /readyz = 200: webhook %d ms, bare endpoint (to /healthz) %d ms%n",
                toReady.toMillis(), bareToReady.toMillis());
        System.out.println("request body: " + Files.size(body) + " bytes (mutate CREATE of the step-11 capability, inline)");
        System.out.println("server JVMs: " + String.join(" ", SERVER_JVM) + "; load generator: its own JVM, 16 connections"
                + " (saturation) or up to 64 (1000 req/s), keep-alive; each server warmed up " + WARM_UP_SECONDS
                + " s at saturation, then " + seconds + " s per run (after the generator's own 5 s warm-up)");
        System.out.println();
        // The generator's own CPU and lateness beside every figure: a round where it, not the server, fell behind shows.
        System.out.println("| run | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) | p99.9 (ms) | generator CPU s (cores)"
                + " | starts over 1 ms late (worst ms) | retried |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        results.forEach((name, r) -> System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s (%s) | %s |%n", name,
                r.get("requests"), r.get("errors"), r.get("throughput"), r.get("p50_ms"), r.get("p99_ms"), r.get("p999_ms"),
                r.get("generator_cpu_s"), r.get("generator_cores"), r.get("late_1ms"), r.get("late_max_ms"), r.get("retries")));
        System.out.println();
        List<Double> sorted = ratios.stream().sorted().toList();
        System.out.printf("webhook saturation throughput / bare TLS endpoint's, per round: %s; median %.0f%%%n",
                ratios.stream().map(r -> String.format("%.0f%%", 100 * r)).toList(), 100 * sorted.get(sorted.size() / 2));
    }

    private static List<String> serverJvm() {
        List<String> flags = new ArrayList<>(List.of("-Xms256m", "-Xmx256m", "-XX:+UseSerialGC"));
        String extra = System.getProperty("skipper.bench.jvm", "").trim();
        if (!extra.isEmpty()) {
            flags.addAll(List.of(extra.split("\\s+")));
        }
        return flags;
    }

    private static Map<String, String> load(String mode, String url, Path ca, Path body, int parameter, int seconds)
            throws IOException, InterruptedException {
        List<String> command = List.of(JAVA, "-Xmx512m", "-cp", "bench/target/skipper-bench.jar", LoadGenerator.class.getName(),
                mode, url, ca.toString(), body.toString(), Integer.toString(parameter), Integer.toString(seconds));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("load generator failed: " + output);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : output.lines().reduce((a, b) -> b).orElse("").split(" ")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                values.put(kv[0], kv[1]);
            }
        }
        return values;
    }

    private static byte[] mutateReview(Path document) throws IOException {
        ObjectNode review = Mappers.json().createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "bench-0000-0000-0000-000000000001");
        request.putObject("kind").put("group", "naftiko.io").put("version", "v1alpha3").put("kind", "Capability");
        request.putObject("resource").put("group", "naftiko.io").put("version", "v1alpha3").put("resource", "capabilities");
        request.put("name", "shipyard-fleet").put("namespace", "shipyard").put("operation", "CREATE").put("dryRun", false);
        request.putObject("userInfo").put("username", "admin");
        ObjectNode object = request.putObject("object");
        object.put("apiVersion", "naftiko.io/v1alpha3").put("kind", "Capability");
        object.putObject("metadata").put("name", "shipyard-fleet").put("namespace", "shipyard")
                .putObject("labels").put("naftiko.io/tier", "premium");
        object.set("spec", Mappers.yaml().readTree(Files.readString(document)));
        request.putNull("oldObject");
        return Mappers.json().writeValueAsBytes(review);
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static Duration awaitOk(HttpClient client, String url, long startedNanos) throws InterruptedException {
        long deadline = startedNanos + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(url + " did not answer 200 within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
