package io.naftiko.skipper.bench;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.TrustStores;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A load generator in its own JVM: HTTPS with keep-alive, POSTing one body.
 * <ul>
 *   <li>{@code saturate URL CA BODY CONNECTIONS SECONDS}: closed loop, CONNECTIONS requests in flight;</li>
 *   <li>{@code rate URL CA BODY RATE SECONDS}: open loop at RATE requests/s over up to 64 kept-alive connections,
 *       latency measured from each request's scheduled start (coordinated omission corrected: a late request counts
 *       its wait).</li>
 * </ul>
 * Latencies go into HdrHistograms (3 significant digits, no per-request array). Beside every figure it reports its
 * own state, so a round where the generator, not the server, fell behind shows as such: its CPU (seconds, and cores
 * used on average), how many requests it started over 1 ms after their schedule and the worst lateness, and how many
 * requests it sent again on a new connection because the server had just closed the kept-alive one as idle.
 * Prints one line: {@code requests=N errors=N retries=N seconds=S throughput=R p50_ms=X p99_ms=Y p999_ms=Z
 * late_1ms=N late_max_ms=L generator_cpu_s=C generator_cores=K}.
 */
public final class LoadGenerator {

    /** Connections the open-loop mode may use; more in flight than this means the server has fallen behind. */
    private static final int RATE_CONNECTIONS = 64;
    private static final long HIGHEST_NANOS = Duration.ofMinutes(5).toNanos();

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

    /** What one run measured, and what the generator itself did meanwhile. */
    record Result(long errors, long retries, double seconds, Histogram latencies, Histogram lateness, double cpuSeconds) {
        @Override
        public String toString() {
            long requests = latencies.getTotalCount();
            return String.format("requests=%d errors=%d retries=%d seconds=%.2f throughput=%.0f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f"
                            + " late_1ms=%d late_max_ms=%.1f generator_cpu_s=%.1f generator_cores=%.2f",
                    requests, errors, retries, seconds, requests / seconds, millis(latencies, 50), millis(latencies, 99),
                    millis(latencies, 99.9), lateness.getCountBetweenValues(1_000_000L, lateness.getMaxValue() + 1),
                    lateness.getMaxValue() / 1e6, cpuSeconds, cpuSeconds / seconds);
        }

        private static double millis(Histogram histogram, double percentile) {
            return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
        }
    }

    /** Sends a request; a kept-alive connection the server closed as idle is retried once on a new one (and counted). */
    private static void send(HttpClient client, HttpRequest request, AtomicLong errors, AtomicLong retries) {
        try {
            try {
                answer(client.send(request, HttpResponse.BodyHandlers.ofByteArray()), errors);
            } catch (IOException e) {
                retries.incrementAndGet();
                answer(client.send(request, HttpResponse.BodyHandlers.ofByteArray()), errors);
            }
        } catch (IOException e) {
            errors.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.incrementAndGet();
        }
    }

    private static void answer(HttpResponse<byte[]> response, AtomicLong errors) {
        if (response.statusCode() != 200) {
            errors.incrementAndGet();
        }
    }

    static Result saturate(HttpClient client, HttpRequest request, int connections, Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        AtomicLong errors = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        Histogram latencies = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    send(client, request, errors, retries);
                    latencies.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - t0));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(errors.get(), retries.get(), seconds, latencies, new Histogram(HIGHEST_NANOS, 3),
                (processCpuNanos() - cpu) / 1e9);
    }

    static Result rate(HttpClient client, HttpRequest request, int perSecond, Duration length) throws Exception {
        long interval = 1_000_000_000L / perSecond;
        long total = length.toSeconds() * perSecond;
        AtomicLong errors = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicLong tickets = new AtomicLong();
        Histogram latencies = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        Histogram lateness = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        long cpu = processCpuNanos();
        long start = System.nanoTime() + 10_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < RATE_CONNECTIONS; t++) {
            Thread thread = new Thread(() -> {
                for (long i = tickets.getAndIncrement(); i < total; i = tickets.getAndIncrement()) {
                    long scheduled = start + i * interval;
                    long wait = scheduled - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    lateness.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, System.nanoTime() - scheduled)));
                    send(client, request, errors, retries);
                    // From the scheduled start: a late request counts its waiting time too.
                    latencies.recordValue(Math.min(HIGHEST_NANOS, System.nanoTime() - scheduled));
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(errors.get(), retries.get(), seconds, latencies, lateness, (processCpuNanos() - cpu) / 1e9);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
