package io.naftiko.skipper.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.DecisionJson;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.SummaryRow;
import io.naftiko.skipper.bundler.BoundedInput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The client of {@link AuditQueryServer}, for {@code skipper audit} and the demo: one GET, an answer read within
 * 32 MiB, a non-200 answer reported with the server's own reason.
 */
public final class AuditClient {

    private static final long MAX_ANSWER_BYTES = 32L * 1024 * 1024;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the server at {@code base} (e.g. {@code http://127.0.0.1:8445}). */
    public AuditClient(URI base) {
        this.base = base;
    }

    /** A page of decisions for these query parameters (names as the API takes them). */
    public DecisionPage decisions(Map<String, String> parameters) throws IOException, AuditInputException {
        return DecisionJson.readPage(get("/audit/decisions", parameters));
    }

    /** The answer of {@code GET /audit/decisions} as JSON, for {@code -o json}. */
    public JsonNode decisionsJson(Map<String, String> parameters) throws IOException, AuditInputException {
        return get("/audit/decisions", parameters);
    }

    /** The counts of {@code GET /audit/summary}. */
    public List<SummaryRow> summary(Map<String, String> parameters) throws IOException, AuditInputException {
        return DecisionJson.readSummary(get("/audit/summary", parameters));
    }

    private JsonNode get(String path, Map<String, String> parameters) throws IOException, AuditInputException {
        String query = parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path + (query.isEmpty() ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] body;
        try (InputStream in = BoundedInput.limited(response.body(), MAX_ANSWER_BYTES)) {
            body = in.readAllBytes();
        }
        if (response.statusCode() == 400) {
            throw new AuditInputException(new String(body, StandardCharsets.UTF_8));
        }
        if (response.statusCode() != 200) {
            throw new IOException("the audit API answered " + response.statusCode() + ": " + new String(body, StandardCharsets.UTF_8));
        }
        return Mappers.json().readTree(body);
    }
}
