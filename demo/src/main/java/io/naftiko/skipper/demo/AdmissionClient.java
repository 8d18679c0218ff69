package io.naftiko.skipper.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.v1alpha3.Capability;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * What kube-apiserver does with Skipper's webhook on a CREATE, done by hand over real HTTPS: an
 * AdmissionReview to {@code /mutate}, its JSON Patch applied, then an AdmissionReview to {@code /validate}.
 */
final class AdmissionClient {

    private final URI webhook;
    private final HttpClient http;

    AdmissionClient(URI webhook, SSLContext trust) {
        this.webhook = webhook;
        this.http = HttpClient.newBuilder().sslContext(trust).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * The answer of both webhooks.
     *
     * @param allowed  whether the object may be stored
     * @param admitted the object as mutated (when allowed)
     * @param message  the denial's message, or the patch's size
     * @param warnings the warnings returned
     */
    record Result(boolean allowed, Capability admitted, String message, List<String> warnings) {
    }

    Result create(Capability capability) throws IOException, InterruptedException {
        JsonNode object = Mappers.json().valueToTree(capability);
        JsonNode mutate = review("/mutate", object);
        if (!mutate.path("allowed").asBoolean()) {
            return new Result(false, null, mutate.path("status").path("message").asText(), warnings(mutate));
        }
        JsonNode mutated = object;
        int operations = 0;
        if (mutate.hasNonNull("patch")) {
            JsonNode patch = Mappers.json().readTree(Base64.getDecoder().decode(mutate.path("patch").asText()));
            operations = patch.size();
            mutated = JsonPatch.apply(patch, object);
        }
        JsonNode validate = review("/validate", mutated);
        if (!validate.path("allowed").asBoolean()) {
            return new Result(false, null, validate.path("status").path("message").asText(), warnings(validate));
        }
        return new Result(true, Mappers.json().treeToValue(mutated, Capability.class), operations + " patch operations",
                warnings(validate));
    }

    private JsonNode review(String path, JsonNode object) throws IOException, InterruptedException {
        ObjectNode review = Mappers.json().createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", UUID.randomUUID().toString());
        request.putObject("kind").put("group", "naftiko.io").put("version", "v1alpha3").put("kind", "Capability");
        request.putObject("resource").put("group", "naftiko.io").put("version", "v1alpha3").put("resource", "capabilities");
        request.put("name", object.path("metadata").path("name").asText());
        request.put("namespace", object.path("metadata").path("namespace").asText());
        request.put("operation", "CREATE");
        request.putObject("userInfo").put("username", "skipper-demo");
        request.set("object", object);
        request.put("dryRun", false);
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(webhook.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(review.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("POST " + path + ": HTTP " + response.statusCode());
        }
        return Mappers.json().readTree(response.body()).path("response");
    }

    private static List<String> warnings(JsonNode response) {
        return response.path("warnings").isArray()
                ? Mappers.json().convertValue(response.path("warnings"), Mappers.json().getTypeFactory()
                        .constructCollectionType(List.class, String.class))
                : List.of();
    }
}
