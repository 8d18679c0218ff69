package io.naftiko.skipper.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** OPA's decision-log uploads read into decisions, and every malformed upload refused with its reason. */
class DecisionLogParserTest {

    static final Instant RECEIVED = Instant.parse("2026-12-03T06:00:00Z");
    static final String WARDEN = "payments/edge";

    final DecisionLogParser parser = new DecisionLogParser(new DecisionLogParser.Limits(3, 64 * 1024), FieldDrops.none(),
            DecisionLogParser.InputFields.defaults());

    static InputStream resource(String name) {
        return DecisionLogParserTest.class.getResourceAsStream("/decision-logs/" + name);
    }

    static List<Decision> opaUpload(DecisionLogParser parser, String warden) throws Exception {
        try (InputStream in = resource("opa-upload.json")) {
            return parser.parse(in, warden, RECEIVED).decisions();
        }
    }

    @Test
    void anOpaUploadBecomesDecisionsFiledByWardenPathResultCapabilityAndSubject() throws Exception {
        DecisionLogParser roomy = new DecisionLogParser(DecisionLogParser.Limits.defaults(), FieldDrops.none(),
                DecisionLogParser.InputFields.defaults());

        List<Decision> decisions = opaUpload(roomy, WARDEN);

        assertThat(decisions).extracting(Decision::result).containsExactly(DecisionResult.ALLOW, DecisionResult.DENY,
                DecisionResult.ERROR, DecisionResult.UNDEFINED);
        Decision allowed = decisions.get(0);
        assertThat(allowed.warden()).isEqualTo(WARDEN);
        assertThat(allowed.decisionId()).isEqualTo("0f3c8e1a-7b7d-4c59-a1f6-0c2e9d2b0a01");
        assertThat(allowed.decidedAt()).isEqualTo(Instant.parse("2026-12-02T22:14:03.123456Z"));
        assertThat(allowed.receivedAt()).isEqualTo(RECEIVED);
        assertThat(allowed.path()).isEqualTo("naftiko/gateway/allow");
        assertThat(allowed.capabilityNamespace()).contains("shipyard");
        assertThat(allowed.capability()).contains("shipyard-fleet");
        assertThat(allowed.subject()).contains("system:serviceaccount:ops:agent");
        assertThat(allowed.bundles()).isEqualTo(Map.of("naftiko", "sha256:4f1c9e"));
        assertThat(allowed.labelsMismatch()).isFalse();
        JsonNode stored = Mappers.json().readTree(allowed.event());
        assertThat(stored.path("requested_by").asText()).isEqualTo("10.0.4.17:51234");
        assertThat(stored.path("metrics").path("timer_rego_query_eval_ns").asLong()).isEqualTo(41523);
        // The offset of the second event is kept as the instant it names.
        assertThat(decisions.get(1).decidedAt()).isEqualTo(Instant.parse("2026-12-02T22:14:03.5Z"));
        assertThat(decisions.get(3).capability()).contains("shipyard-mock");
        assertThat(decisions.get(3).capabilityNamespace()).isEmpty();
        assertThat(decisions.get(3).bundles()).isEmpty();
    }

    @Test
    void labelsClaimingAnotherWardenAreStoredUnderTheCertificatesWardenAndCounted() throws Exception {
        DecisionLogParser roomy = new DecisionLogParser(DecisionLogParser.Limits.defaults(), FieldDrops.none(),
                DecisionLogParser.InputFields.defaults());
        try (InputStream in = resource("opa-upload.json")) {
            DecisionLogParser.Batch batch = roomy.parse(in, "shipping/core", RECEIVED);

            assertThat(batch.labelMismatches()).isEqualTo(4);
            assertThat(batch.decisions()).allSatisfy(decision -> {
                assertThat(decision.warden()).isEqualTo("shipping/core");
                assertThat(decision.labelsMismatch()).isTrue();
            });
        }
    }

    @Test
    void configuredFieldsAreDroppedBeforeStorageAndListedAsErased() throws Exception {
        DecisionLogParser dropping = new DecisionLogParser(DecisionLogParser.Limits.defaults(),
                FieldDrops.of(List.of("/input/headers/authorization", "/nd_builtin_cache")), DecisionLogParser.InputFields.defaults());

        List<Decision> decisions = opaUpload(dropping, WARDEN);

        assertThat(decisions).allSatisfy(decision -> assertThat(decision.event()).doesNotContain("s3cr3t-token", "an0ther",
                "time.now_ns"));
        JsonNode denied = Mappers.json().readTree(decisions.get(1).event());
        assertThat(denied.path("input").path("headers").isEmpty()).isTrue();
        assertThat(denied.path("erased")).extracting(JsonNode::asText).containsExactly("/input/headers/authorization",
                "/nd_builtin_cache");
        // What OPA itself erased stays listed, beside nothing of Skipper's (this event had no such fields).
        assertThat(Mappers.json().readTree(decisions.get(2).event()).path("erased")).extracting(JsonNode::asText)
                .containsExactly("/input/password");
    }

    @Test
    void anEventOverTheSizeLimitIsKeptWithoutItsInput() throws Exception {
        String big = "x".repeat(100 * 1024);
        String body = "[{\"decision_id\": \"big\", \"timestamp\": \"2026-12-02T22:00:00Z\", \"path\": \"p\", \"result\": false,"
                + " \"input\": {\"blob\": \"" + big + "\", \"capability\": \"c\"}}]";

        DecisionLogParser.Batch batch = parser.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), WARDEN, RECEIVED);

        Decision decision = batch.decisions().get(0);
        assertThat(batch.trimmed()).isEqualTo(1);
        assertThat(decision.result()).isEqualTo(DecisionResult.DENY);
        assertThat(decision.capability()).contains("c");
        JsonNode stored = Mappers.json().readTree(decision.event());
        assertThat(stored.has("input")).isFalse();
        assertThat(stored.path("skipper_trimmed_bytes").asInt()).isGreaterThan(100 * 1024);
    }

    static Stream<Arguments> badUploads() throws IOException {
        try (InputStream in = resource("bad-uploads.yaml")) {
            return Stream.of(Mappers.yaml().readTree(in)).flatMap(list -> Stream.of(list.elements()).flatMap(elements -> {
                Stream.Builder<Arguments> cases = Stream.builder();
                elements.forEachRemaining(c -> cases.add(Arguments.of(c.path("name").asText(), c.path("body").asText(),
                        c.path("error").asText())));
                return cases.build();
            })).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void aMalformedUploadIsRefusedWithItsReasonAndNoTextFromIt(String name, String body, String error) {
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), WARDEN, RECEIVED))
                .isInstanceOf(AuditInputException.class)
                .hasMessageStartingWith(error)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void resultsAreClassifiedAsTheyCameOut() throws Exception {
        Map<String, DecisionResult> cases = Map.of(
                "{\"result\": true}", DecisionResult.ALLOW,
                "{\"result\": false}", DecisionResult.DENY,
                "{\"result\": {\"allow\": true, \"reason\": \"ok\"}}", DecisionResult.ALLOW,
                "{\"result\": {\"allow\": false}}", DecisionResult.DENY,
                "{\"result\": [\"a\"]}", DecisionResult.VALUE,
                "{\"result\": {\"allowed\": true}}", DecisionResult.VALUE,
                "{}", DecisionResult.UNDEFINED,
                "{\"result\": null}", DecisionResult.UNDEFINED,
                "{\"result\": true, \"error\": {\"code\": \"x\"}}", DecisionResult.ERROR);
        for (Map.Entry<String, DecisionResult> entry : cases.entrySet()) {
            assertThat(DecisionResult.of(Mappers.json().readTree(entry.getKey()))).as(entry.getKey()).isEqualTo(entry.getValue());
        }
        assertThat(DecisionResult.fromLabel("deny")).isEqualTo(Optional.of(DecisionResult.DENY));
    }
}
