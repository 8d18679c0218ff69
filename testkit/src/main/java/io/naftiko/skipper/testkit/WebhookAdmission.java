package io.naftiko.skipper.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * What kube-apiserver does with Skipper's webhook configurations, done over real HTTPS: for a Capability an
 * AdmissionReview to {@code /mutate} and its JSON Patch applied, then for a Capability, CapabilityClass or Fleet an
 * AdmissionReview to {@code /validate}. Other kinds are admitted unreviewed, as the shipped configurations match
 * only those.
 */
public final class WebhookAdmission implements Admission {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "naftiko.io";
    /** Kind to resource, for the kinds the shipped webhook configurations match. */
    private static final Map<String, String> REVIEWED = Map.of("Capability", "capabilities", "CapabilityClass", "capabilityclasses",
            "Fleet", "fleets");

    private final URI webhook;
    private final HttpClient http;

    /** Reviews sent to the webhook at {@code webhook} (e.g. {@code https://localhost:8443}), trusted by {@code trust}. */
    public WebhookAdmission(URI webhook, SSLContext trust) {
        this.webhook = webhook;
        this.http = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * The answer of both webhooks.
     *
     * @param allowed    whether the object may be stored
     * @param admitted   the object as mutated (when allowed)
     * @param webhook    the webhook that denied, when denied
     * @param message    the denial's message, when denied
     * @param operations how many JSON Patch operations mutation made
     * @param warnings   the warnings returned
     */
    public record Review(boolean allowed, JsonNode admitted, String webhook, String message, int operations, List<String> warnings) {
    }

    @Override
    public Verdict review(String operation, JsonNode object, JsonNode oldObject) {
        if (!object.path("apiVersion").asText().startsWith(GROUP + "/") || !REVIEWED.containsKey(object.path("kind").asText())) {
            return Verdict.allow(object);
        }
        Review review = send(operation, object, oldObject);
        return review.allowed() ? Verdict.allow(review.admitted()) : Verdict.deny(review.webhook(), review.message(), 400);
    }

    /** Mutation (Capabilities) then validation, as the API server runs them for one write. */
    public Review send(String operation, JsonNode object, JsonNode oldObject) {
        String kind = object.path("kind").asText();
        String plural = REVIEWED.getOrDefault(kind, kind.toLowerCase(Locale.ROOT) + "s");
        JsonNode mutated = object;
        int operations = 0;
        List<String> warnings = new ArrayList<>();
        if ("Capability".equals(kind)) {
            JsonNode mutate = post("/mutate", operation, object, oldObject, plural);
            warnings.addAll(warnings(mutate));
            if (!mutate.path("allowed").asBoolean()) {
                return new Review(false, null, "mutate." + plural + "." + GROUP, mutate.path("status").path("message").asText(), 0, warnings);
            }
            if (mutate.hasNonNull("patch")) {
                try {
                    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(mutate.path("patch").asText()));
                    operations = patch.size();
                    mutated = JsonPatch.apply(patch, object);
                } catch (IOException e) {
                    throw new UncheckedIOException("the webhook's patch is not JSON", e);
                }
            }
        }
        JsonNode validate = post("/validate", operation, mutated, oldObject, plural);
        warnings.addAll(warnings(validate));
        if (!validate.path("allowed").asBoolean()) {
            return new Review(false, null, "validate." + plural + "." + GROUP, validate.path("status").path("message").asText(),
                    operations, warnings);
        }
        return new Review(true, mutated, null, null, operations, warnings);
    }

    private JsonNode post(String path, String operation, JsonNode object, JsonNode oldObject, String plural) {
        ObjectNode review = JSON.createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        String[] groupVersion = object.path("apiVersion").asText().split("/", 2);
        request.put("uid", UUID.randomUUID().toString());
        request.putObject("kind").put("group", groupVersion[0]).put("version", groupVersion[1]).put("kind", object.path("kind").asText());
        request.putObject("resource").put("group", groupVersion[0]).put("version", groupVersion[1]).put("resource", plural);
        request.put("name", object.path("metadata").path("name").asText());
        if (object.path("metadata").hasNonNull("namespace")) {
            request.put("namespace", object.path("metadata").path("namespace").asText());
        }
        request.put("operation", operation);
        request.putObject("userInfo").put("username", "system:serviceaccount:skipper:skipper");
        request.set("object", object);
        if (oldObject != null) {
            request.set("oldObject", oldObject);
        }
        request.put("dryRun", false);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(webhook.resolve(path))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(review.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + ": HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body()).path("response");
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + webhook.resolve(path) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + path, e);
        }
    }

    private static List<String> warnings(JsonNode response) {
        List<String> warnings = new ArrayList<>();
        response.path("warnings").forEach(warning -> warnings.add(warning.asText()));
        return warnings;
    }
}
