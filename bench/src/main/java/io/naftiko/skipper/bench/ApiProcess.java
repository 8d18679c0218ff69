package io.naftiko.skipper.bench;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The mock API server ({@link MockApiServer}) in a process of its own, so the heap a benchmark reports is the
 * controller's, and a client of it that counts its requests by HTTP method.
 */
final class ApiProcess implements AutoCloseable {

    private final Process process;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> byResource = new ConcurrentHashMap<>();
    private final KubernetesClient client;

    ApiProcess() throws IOException {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", "bench/target/skipper-bench.jar", MockApiServer.class.getName()).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = output.readLine();
        // Logging set-up may print before the server does (several SLF4J providers on the benchmark's class path).
        while (first != null && !first.startsWith("port=")) {
            first = output.readLine();
        }
        if (first == null) {
            throw new IOException("the mock API server exited before listening");
        }
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("http://localhost:" + first.substring("port=".length())).build())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("count", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest http, RequestTags tags) {
                        requests.computeIfAbsent(http.method(), m -> new AtomicInteger()).incrementAndGet();
                        byResource.computeIfAbsent(http.method() + " " + resource(http.uri().getPath()), m -> new AtomicInteger())
                                .incrementAndGet();
                    }
                }))
                .build();
    }

    /** The counting client. */
    KubernetesClient client() {
        return client;
    }

    /** Requests of one method since the last {@link #reset()}. */
    int count(String method) {
        return requests.getOrDefault(method, new AtomicInteger()).get();
    }

    /** Every request since the last {@link #reset()}. */
    int total() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Writes (every method but GET) since the last {@link #reset()}. */
    int writes() {
        return total() - count("GET");
    }

    /** Starts counting again. */
    void reset() {
        requests.clear();
        byResource.clear();
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
    }

    /** Requests since the last reset by method and resource ({@code PATCH deployments}), most first. */
    public String breakdown() {
        return byResource.entrySet().stream().sorted((a, b) -> b.getValue().get() - a.getValue().get())
                .map(e -> e.getKey() + " " + e.getValue().get()).collect(Collectors.joining(", "));
    }

    /** The resource a path names: {@code /api/v1/namespaces/n/configmaps/x} is {@code configmaps}, a status {@code .../status}. */
    private static String resource(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("namespaces") && i + 2 < parts.length) {
                String kind = parts[i + 2];
                return i + 4 < parts.length ? kind + "/" + parts[i + 4] : kind;
            }
        }
        return parts.length > 0 ? parts[parts.length - 1] : path;
    }
}
