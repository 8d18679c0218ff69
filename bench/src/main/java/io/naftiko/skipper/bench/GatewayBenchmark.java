package io.naftiko.skipper.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.demo.StandInEngine;
import io.naftiko.skipper.gateway.auth.StaticTokens;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.CredentialSource;
import io.naftiko.skipper.gateway.inventory.DocumentTools;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.mcp.McpEndpoint;
import io.naftiko.skipper.gateway.mcp.SessionTokens;
import io.naftiko.skipper.gateway.routing.GatewayMetrics;
import io.naftiko.skipper.gateway.routing.ToolAuthorizer;
import io.naftiko.skipper.gateway.routing.ToolRouter;
import io.naftiko.skipper.gateway.server.GatewayServer;
import io.naftiko.skipper.gateway.upstream.UpstreamClient;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.SelfSignedTls;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;

/**
 * What the MCP gateway costs a tool call, side by side in one run: the same {@code tools/call} sent straight to a
 * capability (the demo's stand-in engine, plain HTTP on localhost), through the gateway when the tool keeps its name
 * (the request is relayed byte for byte, routed on its {@code Mcp-Name} header), through the gateway when the tool is
 * renamed (the request is parsed and rebuilt), and {@code tools/list} answered by the gateway from its inventory.
 * Closed loop, 8 connections, then open loop at 500 calls/s; three rounds alternating the paths, medians reported; in one
 * JVM (client, gateway and capability share the 2 cores).
 * {@code java -cp bench/target/skipper-bench.jar io.naftiko.skipper.bench.GatewayBenchmark [SECONDS]}.
 */
public final class GatewayBenchmark {

    private static final String TOKEN = "bench-client-token-0000000000";
    private static final String ENGINE_TOKEN = "sk-mcp-bench-engine";
    private static final int CONNECTIONS = 8;
    private static final int FIXED_RATE = 500;
    private static final int ROUNDS = 3;

    private GatewayBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Clock clock = SystemClock.utc();
        IkanosDocument document = IkanosDocument.parse(Files.readString(Path.of("deploy/samples/shipyard-fleet/shipyard-fleet.yml")));
        try (StandInEngine engine = StandInEngine.start("shipyard", "shipyard-fleet", document, ENGINE_TOKEN, clock)) {
            // Two capabilities with the same tools, one of them the same engine: get-ship clashes and is renamed.
            CapabilityTarget fleet = new CapabilityTarget("shipyard", "shipyard-fleet", "", Optional.of(engine.endpoint()), Optional.empty(),
                    Health.ready(), new CredentialSource.Literal(ENGINE_TOKEN), DocumentTools.of(document), false);
            CapabilityTarget other = new CapabilityTarget("shipyard", "shipyard-legacy", "", Optional.of(engine.endpoint()),
                    Optional.empty(), Health.ready(), new CredentialSource.Literal(ENGINE_TOKEN),
                    DocumentTools.of(document).stream().filter(t -> t.name().equals("get-ship")).toList(), false);
            Inventory inventory = Inventory.of(List.of(fleet, other));
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            UpstreamClient upstream = new UpstreamClient(HttpClient.newHttpClient(), Duration.ofSeconds(10),
                    t -> Optional.of(ENGINE_TOKEN), "bench");
            McpEndpoint endpoint = new McpEndpoint(() -> inventory, new ToolRouter(upstream, ToolAuthorizer.allowAll(),
                    new GatewayMetrics(registry), d -> { }, clock), SessionTokens.randomKey(clock, Duration.ofHours(1)), "bench");
            SelfSignedTls tls = SelfSignedTls.create(List.of("localhost"), clock);
            try (GatewayServer gateway = GatewayServer.start(new GatewayServer.Options("127.0.0.1", 0, GatewayServer.Options.defaultLimits()),
                    new ReloadableTls(tls.serving()), endpoint, StaticTokens.of(Map.of("bench", TOKEN)), () -> inventory, Optional.empty(),
                    () -> true, registry)) {
                HttpClient direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpClient secure = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .sslContext(TrustStores.trusting(List.of(tls.authority()))).build();
                URI viaGateway = URI.create("https://localhost:" + gateway.port() + "/mcp");
                List<Route> paths = List.of(
                        new Route("direct to the capability (HTTP)", direct, engine.endpoint(), call("list-ships", ENGINE_TOKEN)),
                        new Route("gateway, name kept (relayed, HTTPS)", secure, viaGateway, call("list-ships", TOKEN)),
                        new Route("gateway, renamed (rebuilt, HTTPS)", secure, viaGateway, call("shipyard-fleet__get-ship", TOKEN)),
                        new Route("gateway, tools/list (inventory, HTTPS)", secure, viaGateway, list(TOKEN)));
                for (Route path : paths) {
                    path.run(5);
                }
                System.out.printf("%d s per path and round, %d rounds alternating the paths, %d connections, closed loop, %d cores;"
                        + " medians of the rounds%n%n", seconds, ROUNDS, CONNECTIONS, Runtime.getRuntime().availableProcessors());
                List<List<Result>> closed = new ArrayList<>();
                paths.forEach(p -> closed.add(new ArrayList<>()));
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < paths.size(); i++) {
                        closed.get(i).add(paths.get(i).run(seconds));
                    }
                }
                System.out.println("| path | calls/s | p50 ms | p99 ms | CPU µs/call | vs direct |");
                System.out.println("|---|---|---|---|---|---|");
                double base = median(closed.get(0), Result::rate);
                for (int i = 0; i < paths.size(); i++) {
                    List<Result> rounds = closed.get(i);
                    System.out.printf("| %s | %.0f | %.2f | %.2f | %.0f | %.2f |%n", paths.get(i).name(), median(rounds, Result::rate),
                            median(rounds, Result::p50), median(rounds, Result::p99), median(rounds, Result::cpuMicrosPerCall),
                            median(rounds, Result::rate) / base);
                }
                System.out.printf("%nAt a fixed %d calls/s (open loop, latency from each call's scheduled start; late starts: calls the"
                        + " generator itself sent over 1 ms late, so a stalled round shows as such):%n%n", FIXED_RATE);
                List<List<FixedRate>> fixed = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    fixed.add(new ArrayList<>());
                }
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < 3; i++) {
                        fixed.get(i).add(paths.get(i).fixedRate(FIXED_RATE, seconds));
                    }
                }
                System.out.println("| path | p50 ms | p99 ms | late starts (per round) | p99 added by the gateway |");
                System.out.println("|---|---|---|---|---|");
                double directP99 = median(fixed.get(0), FixedRate::p99);
                for (int i = 0; i < 3; i++) {
                    List<FixedRate> rounds = fixed.get(i);
                    System.out.printf("| %s | %.2f | %.2f | %s | %s |%n", paths.get(i).name(), median(rounds, FixedRate::p50),
                            median(rounds, FixedRate::p99), rounds.stream().map(r -> String.valueOf(r.late())).toList(),
                            i == 0 ? "-" : String.format("%.2f ms", median(rounds, FixedRate::p99) - directP99));
                }
            }
        }
    }

    private static <T> double median(List<T> rounds, ToDoubleFunction<T> value) {
        double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static HttpRequest.Builder call(String tool, String token) {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":"
                + "{\"imo\":\"IMO-9321483\",\"status\":\"active\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
        return HttpRequest.newBuilder().header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call").header("Mcp-Name", tool)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest.Builder list(String token) {
        return HttpRequest.newBuilder().header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/list")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{\"_meta\":"
                        + "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}}}}"));
    }

    private record Result(double rate, double p50, double p99, double cpuMicrosPerCall) {
    }

    /** An open-loop run: latencies from the scheduled start, and how many calls could not even start on time (over 1 ms late). */
    private record FixedRate(double p50, double p99, long late) {
    }

    private record Route(String name, HttpClient client, URI uri, HttpRequest.Builder request) {

        Result run(int seconds) throws Exception {
            HttpRequest built = request.copy().uri(uri).build();
            ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS, r -> {
                Thread thread = new Thread(r, "bench-client");
                thread.setDaemon(true);
                return thread;
            });
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            List<Future<long[]>> workers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 20];
                    int count = 0;
                    while (System.nanoTime() < end && count < latencies.length) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> response;
                        try {
                            response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
                        } catch (IOException e) {
                            // A kept-alive connection the server closed as idle between rounds: once more, on a new one.
                            response = client.send(built, HttpResponse.BodyHandlers.ofByteArray());
                        }
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(name + ": HTTP " + response.statusCode());
                        }
                        latencies[count++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(latencies, count);
                }));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> worker : workers) {
                all.add(worker.get());
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            long cpu = processCpuNanos() - cpuBefore;
            pool.shutdown();
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(merged.length / elapsed, merged[merged.length / 2] / 1e6, merged[(int) (merged.length * 0.99)] / 1e6,
                    cpu / 1e3 / merged.length);
        }

        /** Sends {@code rate} calls a second for {@code seconds}, each on its own schedule, measuring from that schedule. */
        FixedRate fixedRate(int rate, int seconds) throws Exception {
            HttpRequest built = request.copy().uri(uri).build();
            int total = rate * seconds;
            long interval = 1_000_000_000L / rate;
            long[] latencies = new long[total];
            long late = 0;
            List<CompletableFuture<?>> inFlight = new ArrayList<>(total);
            long start = System.nanoTime() + 10_000_000L;
            for (int i = 0; i < total; i++) {
                long scheduled = start + i * interval;
                long wait = scheduled - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else if (-wait > 1_000_000L) {
                    late++;
                }
                int index = i;
                inFlight.add(client.sendAsync(built, HttpResponse.BodyHandlers.discarding())
                        .exceptionallyCompose(e -> client.sendAsync(built, HttpResponse.BodyHandlers.discarding()))
                        .thenAccept(response -> latencies[index] = System.nanoTime() - scheduled));
            }
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();
            long[] sorted = Arrays.stream(latencies).sorted().toArray();
            return new FixedRate(sorted[total / 2] / 1e6, sorted[(int) (total * 0.99)] / 1e6, late);
        }

        private static long processCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }
}
