package io.naftiko.skipper.bench;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.TrustStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator in its own JVM: HTTPS with keep-alive, POSTing one body.
 * <ul>
 *   <li>{@code saturate URL CA BODY CONNECTIONS SECONDS}: closed loop, CONNECTIONS requests in flight;</li>
 *   <li>{@code rate URL CA BODY RATE SECONDS}: open loop at RATE requests/s over up to 64 kept-alive connections,
 *       latency measured from each request's scheduled start (no coordinated omission).</li>
 * </ul>
 * Prints one line: {@code requests=N errors=N seconds=S throughput=R p50_ms=X p99_ms=Y p999_ms=Z}.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TrustStores.trusting(Pem.readCertificates(Files.readString(Path.of(args[2])))))
                .connectTimeout(Duration.ofSeconds(5)).build();
        byte[] body = Files.readAllBytes(Path.of(args[3]));
        int parameter = Integer.parseInt(args[4]);
        Duration length = Duration.ofSeconds(Long.parseLong(args[5]));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        // Warm up the same way as measured: JIT, TLS sessions and every pooled connection.
        Result result;
        if (mode.equals("rate")) {
            rate(client, request, parameter, Duration.ofSeconds(5));
            result = rate(client, request, parameter, length);
        } else {
            saturate(client, request, parameter, Duration.ofSeconds(5));
            result = saturate(client, request, parameter, length);
        }
        System.out.println(result);
    }

    record Result(long requests, long errors, double seconds, long[] latenciesNanos) {
        @Override
        public String toString() {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return String.format("requests=%d errors=%d seconds=%.2f throughput=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f",
                    requests, errors, seconds, requests / seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                    percentile(sorted, 0.999));
        }

        private static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
    }

    static Result saturate(HttpClient client, HttpRequest request, int connections, Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong errors = new AtomicLong();
        long[][] perThread = new long[connections][];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            int slot = i;
            Thread thread = new Thread(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = System.nanoTime() - t0;
                }
                perThread[slot] = Arrays.copyOf(latencies, n);
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] all = Arrays.stream(perThread).flatMapToLong(Arrays::stream).toArray();
        return new Result(all.length, errors.get(), seconds, all);
    }

    /** Connections the open-loop mode may use; more in flight than this means the server has fallen behind. */
    private static final int RATE_CONNECTIONS = 64;

    static Result rate(HttpClient client, HttpRequest request, int perSecond, Duration length) throws Exception {
        long interval = 1_000_000_000L / perSecond;
        int total = (int) (length.toSeconds() * perSecond);
        long[] latencies = new long[total];
        AtomicLong errors = new AtomicLong();
        AtomicLong tickets = new AtomicLong();
        long start = System.nanoTime() + 10_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < RATE_CONNECTIONS; t++) {
            Thread thread = new Thread(() -> {
                for (long i = tickets.getAndIncrement(); i < total; i = tickets.getAndIncrement()) {
                    long scheduled = start + i * interval;
                    long wait = scheduled - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    // From the scheduled start: a late request counts its waiting time too.
                    latencies[(int) i] = System.nanoTime() - scheduled;
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(total, errors.get(), seconds, latencies);
    }
}
