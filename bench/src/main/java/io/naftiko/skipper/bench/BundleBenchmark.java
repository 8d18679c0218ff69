package io.naftiko.skipper.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.bundler.BundleBuilder;
import io.naftiko.skipper.bundler.BundlePublisher;
import io.naftiko.skipper.bundler.BundleSnapshot;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.SigningKey;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.server.BundleServer;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.LeafRequest;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.TlsMaterial;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Bundles: build + sign throughput over 1,000 {@code .rego} files and a 10 MB {@code data.json}, and the bundle
 * server's 304 and 200 answers per second over mTLS with keep-alive, measured in one run.
 */
public final class BundleBenchmark {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length: *(\\d+)");

    private BundleBenchmark() {
    }

    /** Runs; the optional argument is the seconds per HTTP measurement (default 10). */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Clock clock = SystemClock.utc();
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        SigningKey key = new SigningKey(rsa.generateKeyPair().getPrivate(), "RS256", "bench", Optional.empty());
        Map<String, byte[]> files = policyFiles();
        long inputBytes = files.values().stream().mapToLong(content -> content.length).sum();

        for (int i = 0; i < 3; i++) {
            BundleBuilder.build(files, List.of("naftiko"), "", key, clock.instant());
        }
        int rounds = 5;
        long start = System.nanoTime();
        byte[] bundle = new byte[0];
        for (int i = 0; i < rounds; i++) {
            bundle = BundleBuilder.build(files, List.of("naftiko"), "", key, clock.instant());
        }
        double perBuild = (System.nanoTime() - start) / 1e9 / rounds;
        System.out.println("| build + sign | input | bundle | time per build | throughput |");
        System.out.println("|---|---|---|---|---|");
        System.out.printf("| 1,000 .rego + 10 MB data.json, RS256 | %.1f MB | %.1f MB | %.0f ms | %.1f MB/s |%n",
                inputBytes / 1e6, bundle.length / 1e6, perBuild * 1000, inputBytes / 1e6 / perBuild);
        System.out.println();

        CertificateAuthority ca = CertificateAuthority.create("bench-ca", KeyAlgorithm.EC_P256, Duration.ofDays(1), clock);
        IssuedCertificate serving = ca.issue(LeafRequest.server("localhost", List.of("localhost"), Duration.ofDays(1)), clock);
        WardenIdentity warden = new WardenIdentity("bench", "warden");
        IssuedCertificate client = ca.issue(LeafRequest.client("warden", List.of(warden.uri()), Duration.ofDays(1)), clock);
        try (BundleStore store = new BundleStore()) {
            BundlePublisher publisher = new BundlePublisher(store, () -> key, BundlePublisher.DEFAULT_MAX_SOURCE_BYTES);
            publisher.publish(new BundleSnapshot("tier", Map.of("naftiko/tier/policy.rego",
                    "package naftiko.tier\n\nallow := true\n".getBytes(StandardCharsets.UTF_8)), List.of("naftiko"), Instant.EPOCH));
            BundleServer server = BundleServer.start(BundleServer.Options.on("127.0.0.1", 0),
                    ReloadableTls.mutual(new TlsMaterial(serving.chain(), serving.key()), List.of(ca.certificate())),
                    new BundleServer.Sources(store, w -> Optional.of(Set.of("tier")), report -> { }, w -> Optional.empty()),
                    new SimpleMeterRegistry(), clock);
            SSLContext mtls = TrustStores.trustingWithClientCertificate(List.of(ca.certificate()), client.chain(), client.key());
            String etag = store.current("tier").orElseThrow().etag();
            System.out.println("| bundle server, mTLS, 4 keep-alive connections | answers/s |");
            System.out.println("|---|---|");
            // Warm-up of both paths, then each measured twice, alternating, so JIT order does not favour one.
            rate(mtls, server.port(), Optional.of(etag), 4, 5);
            rate(mtls, server.port(), Optional.empty(), 4, 5);
            for (int round = 1; round <= 2; round++) {
                System.out.printf("| round %d: GET /bundles/tier, If-None-Match current → 304 | %.0f |%n", round,
                        rate(mtls, server.port(), Optional.of(etag), 4, seconds));
                System.out.printf("| round %d: GET /bundles/tier → 200 (%d-byte bundle) | %.0f |%n", round,
                        store.current("tier").orElseThrow().bytes().length, rate(mtls, server.port(), Optional.empty(), 4, seconds));
            }
            server.close();
        }
    }

    /** 1,000 Rego files of about 1 KB and a data.json of about 10 MB. */
    private static Map<String, byte[]> policyFiles() {
        Map<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            StringBuilder rego = new StringBuilder("package naftiko.rules.r" + i + "\n\nimport rego.v1\n\n");
            for (int rule = 0; rule < 12; rule++) {
                rego.append("deny contains msg if {\n  input.capability.tier == \"t").append(rule)
                        .append("\"\n  msg := \"rule ").append(rule).append(" denies\"\n}\n");
            }
            files.put("naftiko/rules/r" + i + "/policy.rego", rego.toString().getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder data = new StringBuilder("{\"capabilities\": [");
        for (int i = 0; data.length() < 10_000_000; i++) {
            data.append(i == 0 ? "" : ",").append("{\"name\": \"cap-").append(i).append("\", \"tier\": \"premium\", \"replicas\": ")
                    .append(i % 7).append(", \"ratio\": 0.").append(i % 1000).append(", \"owner\": \"team <").append(i % 50)
                    .append("> & co\"}");
        }
        files.put("naftiko/data.json", data.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Answers per second from {@code connections} blocking keep-alive mTLS connections, each one request at a time. */
    private static double rate(SSLContext mtls, int port, Optional<String> etag, int connections, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong answered = new AtomicLong();
        String request = "GET /bundles/tier HTTP/1.1\r\nHost: localhost\r\n" + etag.map(tag -> "If-None-Match: " + tag + "\r\n").orElse("")
                + "\r\n";
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                try (SSLSocket socket = (SSLSocket) mtls.getSocketFactory().createSocket("localhost", port)) {
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    while (System.nanoTime() < end) {
                        out.write(request.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        readResponse(in);
                        answered.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return answered.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void readResponse(InputStream in) throws IOException {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("connection closed");
            }
            headers.append((char) next);
        }
        Matcher length = CONTENT_LENGTH.matcher(headers);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
    }
}
