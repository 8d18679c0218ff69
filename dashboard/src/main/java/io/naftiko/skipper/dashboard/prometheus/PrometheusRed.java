package io.naftiko.skipper.dashboard.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.dashboard.view.OperationMetrics;
import io.naftiko.skipper.dashboard.view.RedMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A capability's RED figures from the Prometheus HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}):
 * six queries per capability page, each with a deadline and a bounded answer, so a slow or huge Prometheus makes the
 * page say so rather than hang it.
 */
public final class PrometheusRed {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;
    private static final Duration SPARKLINE_SPAN = Duration.ofHours(1);
    private static final Duration SPARKLINE_STEP = Duration.ofMinutes(1);

    private final URI base;
    private final HttpClient http;
    private final Clock clock;

    /** A reader of the Prometheus at {@code base} (e.g. {@code http://prometheus-operated.monitoring:9090}). */
    public PrometheusRed(URI base, Clock clock) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.http = HttpClient.newBuilder().connectTimeout(DEADLINE).followRedirects(HttpClient.Redirect.NEVER).build();
        this.clock = clock;
    }

    /** The figures of {@code namespace/name}, or why there are none. */
    public RedMetrics of(String namespace, String name) {
        Map<String, String> queries = RedQueries.of(namespace, name);
        Instant now = clock.instant();
        try {
            Map<String, Map<String, Double>> instant = new LinkedHashMap<>();
            for (Map.Entry<String, String> query : queries.entrySet()) {
                instant.put(query.getKey(), vector(get("api/v1/query?query=" + encode(query.getValue()) + "&time=" + now.getEpochSecond())));
            }
            String range = "&start=" + now.minus(SPARKLINE_SPAN).getEpochSecond() + "&end=" + now.getEpochSecond()
                    + "&step=" + SPARKLINE_STEP.toSeconds();
            Map<String, List<Double>> requestSeries = matrix(get("api/v1/query_range?query=" + encode(queries.get("requests")) + range));
            Map<String, List<Double>> errorSeries = matrix(get("api/v1/query_range?query=" + encode(queries.get("errors")) + range));
            List<OperationMetrics> operations = new ArrayList<>();
            for (Map.Entry<String, Double> requests : new TreeMap<>(instant.get("requests")).entrySet()) {
                String key = requests.getKey();
                String[] parts = key.split("\u0000", 2);
                operations.add(new OperationMetrics(parts[0], parts[1], requests.getValue(), instant.get("errors").getOrDefault(key, 0.0),
                        instant.get("p50").get(key), instant.get("p99").get(key), requestSeries.getOrDefault(key, List.of()),
                        errorSeries.getOrDefault(key, List.of())));
            }
            return operations.isEmpty() ? RedMetrics.none("Prometheus at " + base + " has no ikanos_request_total series for "
                    + namespace + "/" + name + " in the last " + RedQueries.WINDOW + " (no traffic, or its pods are not scraped)")
                    : RedMetrics.of(operations);
        } catch (IOException e) {
            return RedMetrics.none("Prometheus at " + base + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RedMetrics.none("interrupted while asking Prometheus");
        }
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(DEADLINE).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream body = response.body()) {
            bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
        }
        if (bytes.length > MAX_ANSWER_BYTES) {
            throw new IOException("its answer is over " + MAX_ANSWER_BYTES / (1024 * 1024) + " MiB");
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        JsonNode answer = Mappers.json().readTree(bytes);
        if (!"success".equals(answer.path("status").asText())) {
            throw new IOException(answer.path("error").asText("status " + answer.path("status").asText()));
        }
        return answer.path("data").path("result");
    }

    private static Map<String, Double> vector(JsonNode result) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode series : result) {
            value(series.path("value")).ifPresent(v -> values.put(key(series.path("metric")), v));
        }
        return values;
    }

    private static Map<String, List<Double>> matrix(JsonNode result) {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (JsonNode series : result) {
            List<Double> points = new ArrayList<>();
            series.path("values").forEach(point -> points.add(value(point).orElse(Double.NaN)));
            values.put(key(series.path("metric")), points);
        }
        return values;
    }

    /** A sample {@code [time, "value"]}; NaN and infinities (a quantile without requests) are no value. */
    private static Optional<Double> value(JsonNode sample) {
        try {
            double value = Double.parseDouble(sample.path(1).asText());
            return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String key(JsonNode metric) {
        return metric.path("ikanos_operation_id").asText("(none)") + "\u0000" + metric.path("ikanos_adapter_type").asText("-");
    }

    private static String encode(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }
}
