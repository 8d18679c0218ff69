package io.naftiko.skipper.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Helpers shared by the admission tests: the cluster the real requests came from, reviews, patches. */
final class Reviews {

    /** What the cluster of the real-apiserver fixtures held: ConfigMap shipyard/fleet-spec, namespace team-b's label. */
    static AdmissionContext clusterOfTheRealRequests() {
        // The repository's sample is the tutorial's step 11 byte for byte, so this needs nothing beside the clone.
        String step11 = Fixtures.read(Fixtures.repoRoot().resolve("deploy/samples/shipyard-fleet/shipyard-fleet.yml"));
        Map<String, Map<String, String>> namespaces = Map.of("shipyard", Map.of(), "team-b", Map.of("naftiko.io/team", "b"));
        return new AdmissionContext(name -> Optional.ofNullable(ShippedClasses.all().get(name)),
                (namespace, name) -> namespace.equals("shipyard") && name.equals("fleet-spec")
                        ? Optional.of(Map.of("capability.yaml", step11)) : Optional.empty(),
                namespace -> Optional.ofNullable(namespaces.get(namespace)),
                OperatorSettings.fromEnvironment(Map.of("NAFTIKO_OTEL_ENDPOINT", "http://otel:4317",
                        "NAFTIKO_OTEL_HEADERS", "api-key=secret")));
    }

    private Reviews() {
    }

    static byte[] bytes(JsonNode node) throws Exception {
        return Mappers.json().writeValueAsBytes(node);
    }

    /** A review around an object, as the API server sends it. */
    static ObjectNode review(String operation, JsonNode object, JsonNode oldObject) {
        ObjectNode review = Mappers.json().createObjectNode().put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request");
        request.put("uid", "7a5f3c2e-0000-4000-8000-000000000001");
        String kind = object == null ? oldObject.path("kind").asText() : object.path("kind").asText();
        request.putObject("kind").put("group", "naftiko.io").put("version", "v1alpha3").put("kind", kind);
        JsonNode metadata = (object == null ? oldObject : object).path("metadata");
        request.put("name", metadata.path("name").asText()).put("namespace", metadata.path("namespace").asText("shop"))
                .put("operation", operation).put("dryRun", false);
        request.set("object", object);
        request.set("oldObject", oldObject);
        return review;
    }

    /** A Capability resource wrapping a document's text inline. */
    static ObjectNode inlineCapability(String name, String namespace, String documentText) throws Exception {
        ObjectNode capability = Mappers.json().createObjectNode().put("apiVersion", Capability.API_VERSION).put("kind", "Capability");
        capability.putObject("metadata").put("name", name).put("namespace", namespace);
        capability.set("spec", Mappers.yaml().readTree(documentText));
        return capability;
    }

    /** The JSON Patch of a mutate answer, empty when it has none. */
    static JsonNode patch(AdmissionAnswer answer) throws Exception {
        JsonNode patch = answer.body().path("response").path("patch");
        if (patch.isMissingNode()) {
            return Mappers.json().createArrayNode();
        }
        return Mappers.json().readTree(new String(Base64.getDecoder().decode(patch.asText()), StandardCharsets.UTF_8));
    }

    /** The object after applying a mutate answer's patch. */
    static JsonNode apply(AdmissionAnswer answer, JsonNode object) throws Exception {
        return JsonPatch.apply(patch(answer), object);
    }
}
