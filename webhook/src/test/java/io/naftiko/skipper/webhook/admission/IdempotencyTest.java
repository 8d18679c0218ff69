package io.naftiko.skipper.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.naftiko.skipper.api.testing.Fixtures;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mutation is idempotent and builds its patch from the raw object. */
class IdempotencyTest {

    private final AdmissionReviewHandler handler = new AdmissionReviewHandler(Reviews::clusterOfTheRealRequests);

    static Stream<Path> documents() {
        return Fixtures.ikanosCapabilities().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void everyRealDocumentAdmittedInlineGetsAPatchWhoseApplicationIsIdempotent(Path document) throws Exception {
        ObjectNode capability = Reviews.inlineCapability("shipyard", "shipyard", Fixtures.read(document));

        AdmissionAnswer first = handler.handle(AdmissionEndpoint.MUTATE, Reviews.bytes(Reviews.review("CREATE", capability, null)));
        JsonNode once = Reviews.apply(first, capability);
        AdmissionAnswer second = handler.handle(AdmissionEndpoint.MUTATE, Reviews.bytes(Reviews.review("CREATE", once, null)));

        assertThat(Reviews.patch(first)).isNotEmpty();
        assertThat(Reviews.patch(second)).isEmpty();
        JsonNode specWithoutRuntime = ((ObjectNode) once.get("spec").deepCopy()).without("runtime");
        assertThat(specWithoutRuntime).isEqualTo(capability.get("spec"));
        AdmissionAnswer validation = handler.handle(AdmissionEndpoint.VALIDATE, Reviews.bytes(Reviews.review("CREATE", once, null)));
        assertThat(validation.body().at("/response/allowed").asBoolean()).as(validation.body().toString()).isTrue();
    }

    @Test
    void aUsersOwnValuesInTheirOwnFormAreNeitherRewrittenNorRemoved() throws Exception {
        ObjectNode capability = Reviews.inlineCapability("orders", "shop", """
                ikanos: 1.0.0-beta5
                capability:
                  exposes: [{type: rest, port: 8080}]
                runtime:
                  resources: {limits: {cpu: 1}}
                  autoscaling: {maxReplicas: 3}
                  env: [{name: LOG_LEVEL, value: debug, unknownFieldTheApiServerWouldPrune: 1}]
                """);

        JsonNode patch = Reviews.patch(handler.handle(AdmissionEndpoint.MUTATE, Reviews.bytes(Reviews.review("CREATE", capability, null))));
        JsonNode once = JsonPatch.apply(patch, capability);

        assertThat(patch).noneMatch(op -> op.path("op").asText().equals("remove"));
        assertThat(patch.findValuesAsText("path")).noneMatch(path -> path.startsWith("/spec/capability"));
        assertThat(once.at("/spec/runtime/resources/limits/cpu").isInt()).as("the user's 1 stays an integer").isTrue();
        assertThat(once.at("/spec/runtime/autoscaling/maxReplicas").asInt()).isEqualTo(3);
        assertThat(once.at("/spec/runtime/autoscaling/minReplicas").asInt()).isEqualTo(1);
        assertThat(once.at("/spec/runtime/env/0/value").asText()).isEqualTo("debug");
    }
}
