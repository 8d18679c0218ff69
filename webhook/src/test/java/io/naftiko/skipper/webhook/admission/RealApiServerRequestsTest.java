package io.naftiko.skipper.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every AdmissionReview a real kube-apiserver (v1.32) sent for real kubectl commands, with
 * managedFields, last-applied-configuration, dryRun, options and oldObject as sent, answered correctly.
 */
class RealApiServerRequestsTest {

    private final AdmissionReviewHandler handler = new AdmissionReviewHandler(Reviews::clusterOfTheRealRequests);

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
        // file prefix | class[/generation] the mutation resolves (- when no patch) | a warning the answer must carry
        "01 | -        | -",
        "02 | -        | -",
        "03 | standard | -",
        // A real document whose MCP expose has no address: the engine would listen on localhost only.
        "04 | - | spec.capability.exposes[0] (mcp) has no address: the engine listens on localhost only, so it cannot be reached through the capability's Service; set address: 0.0.0.0",
        "05 | standard | -", "06 | - | -", "07 | standard | -", "08 | - | -",
        "09 | standard | -", "10 | - | -", "11 | standard | -", "12 | - | -", "13 | standard | -", "14 | - | -",
        "15 | standard | -", "16 | - | -", "17 | standard | -", "18 | - | -", "19 | standard | -", "20 | - | -",
        "21 | standard | -", "22 | - | -",
        "23 | premium  | -",
        "24 | -        | -",
        "25 | standard | -",
        "26 | -        | -",
        "27 | standard/builtin | -",
        "28 | -        | CapabilityClass 'enterprise' does not exist; using the built-in standard defaults",
        "29 | standard/builtin | -",
        "30 | -        | CapabilityClass 'enterprise' does not exist; using the built-in standard defaults",
        "31 | standard | -",
        "32 | - | spec.capability.exposes[0] (mcp) has no address: the engine listens on localhost only, so it cannot be reached through the capability's Service; set address: 0.0.0.0",
        "33 | standard | -", "34 | - | -", "35 | standard | -", "36 | - | -",
        "37 | -        | -", "38 | - | -", "39 | - | -", "40 | - | -",
        "41 | premium  | -",
        "42 | -        | -",
        "43 | standard | -",
        "44 | -        | -",
    })
    void answersWhatTheApiServerSent(String prefix, String expectedClass, String warning) throws Exception {
        Path file = Fixtures.filesIn(Fixtures.shared().resolve("admission/real-apiserver"), ".json").stream()
                .filter(p -> p.getFileName().toString().startsWith(prefix + "-")).findFirst().orElseThrow();
        JsonNode review = Mappers.json().readTree(Files.readAllBytes(file));
        AdmissionEndpoint endpoint = file.getFileName().toString().contains("-mutate-") ? AdmissionEndpoint.MUTATE
                : AdmissionEndpoint.VALIDATE;

        AdmissionAnswer answer = handler.handle(endpoint, Files.readAllBytes(file));

        JsonNode response = answer.body().path("response");
        assertThat(answer.httpStatus()).isEqualTo(200);
        assertThat(answer.body().path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
        assertThat(answer.body().path("kind").asText()).isEqualTo("AdmissionReview");
        assertThat(response.path("uid").asText()).isEqualTo(review.at("/request/uid").asText());
        assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
        List<String> warnings = new ArrayList<>();
        response.path("warnings").forEach(w -> warnings.add(w.asText()));
        if (warning == null) {
            assertThat(warnings).isEmpty();
        } else {
            assertThat(warnings).contains(warning);
        }
        if (expectedClass == null) {
            assertThat(response.has("patch")).as("no patch expected").isFalse();
            return;
        }
        JsonNode object = review.at("/request/object");
        JsonNode patched = Reviews.apply(answer, object);
        String[] classAndGeneration = (expectedClass + "/0").split("/");
        assertThat(patched.at("/spec/runtime/class").asText()).isEqualTo(classAndGeneration[0]);
        assertThat(patched.at("/metadata/annotations").path("naftiko.io/class-generation").asText())
                .isEqualTo(classAndGeneration[1]);
        assertThat(patched.at("/spec/runtime/env").findValuesAsText("name")).contains("OTEL_SERVICE_NAME",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS");
        assertThat(patched.toString()).doesNotContain("api-key=secret");
        // Only what mutation owns changed: everything else, managedFields and status included, is as sent.
        ObjectNode unchanged = (ObjectNode) patched.deepCopy();
        ((ObjectNode) unchanged.get("spec")).remove("runtime");
        ((ObjectNode) unchanged.at("/metadata/annotations")).remove("naftiko.io/class-generation");
        ObjectNode original = (ObjectNode) object.deepCopy();
        if (original.at("/metadata/annotations").isMissingNode()) {
            ((ObjectNode) unchanged.get("metadata")).remove("annotations");
        }
        assertThat(unchanged).isEqualTo(original);
        assertThat(Reviews.patch(answer)).allSatisfy(op -> assertThat(op.path("op").asText()).isNotEqualTo("remove"));
        // Reinvocation: mutating the mutated object changes nothing.
        AdmissionAnswer again = handler.handle(AdmissionEndpoint.MUTATE, Reviews.bytes(withObject(review, patched)));
        assertThat(again.body().at("/response/patch").isMissingNode()).as(Reviews.patch(again).toString()).isTrue();
    }

    private static JsonNode withObject(JsonNode review, JsonNode object) {
        ObjectNode copy = review.deepCopy();
        ((ObjectNode) copy.get("request")).set("object", object);
        return copy;
    }
}
