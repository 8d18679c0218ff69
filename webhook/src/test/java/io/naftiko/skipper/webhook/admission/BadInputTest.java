package io.naftiko.skipper.webhook.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each folder of {@code bad-input/} is a request body and the exact answer it must get. */
class BadInputTest {

    private final AdmissionReviewHandler handler = new AdmissionReviewHandler(Reviews::clusterOfTheRealRequests);

    static Stream<Path> cases() throws Exception {
        try (Stream<Path> dirs = Files.list(Fixtures.repoRoot().resolve("webhook/src/test/resources/bad-input"))) {
            return dirs.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aClearAnswerNeverACrash(Path dir) throws Exception {
        JsonNode expected = Mappers.yaml().readTree(Files.readString(dir.resolve("expected.yaml")));
        byte[] body = Files.readAllBytes(dir.resolve("request.json"));
        AdmissionEndpoint endpoint = AdmissionEndpoint.valueOf(expected.get("endpoint").asText().toUpperCase(Locale.ROOT));

        AdmissionAnswer answer = handler.handle(endpoint, body);

        assertThat(answer.httpStatus()).isEqualTo(expected.get("httpStatus").asInt());
        if (answer.httpStatus() == 400) {
            assertThat(answer.body().path("kind").asText()).isEqualTo("Status");
            assertThat(answer.body().path("code").asInt()).isEqualTo(400);
            assertThat(answer.body().path("message").asText()).isEqualTo(expected.get("message").asText());
            assertThat(answer.outcome()).isEqualTo(AdmissionOutcome.BAD_REQUEST);
            return;
        }
        JsonNode response = answer.body().path("response");
        assertThat(response.path("uid").asText()).isEqualTo(Mappers.json().readTree(body).at("/request/uid").asText());
        assertThat(response.path("allowed").asBoolean()).isEqualTo(expected.get("allowed").asBoolean());
        if (expected.has("code")) {
            assertThat(response.at("/status/code").asInt()).isEqualTo(expected.get("code").asInt());
        }
        if (expected.has("reason")) {
            assertThat(response.at("/status/reason").asText()).isEqualTo(expected.get("reason").asText());
        }
        if (expected.has("message")) {
            assertThat(response.at("/status/message").asText()).isEqualTo(expected.get("message").asText());
        }
        if (expected.has("causes")) {
            List<String> fields = new ArrayList<>();
            response.at("/status/details/causes").forEach(c -> fields.add(c.path("field").asText()));
            List<String> wanted = new ArrayList<>();
            expected.get("causes").forEach(c -> wanted.add(c.asText()));
            assertThat(fields).containsExactlyElementsOf(wanted);
        }
        if (expected.has("warnings")) {
            List<String> warnings = new ArrayList<>();
            response.path("warnings").forEach(w -> warnings.add(w.asText()));
            List<String> wanted = new ArrayList<>();
            expected.get("warnings").forEach(w -> wanted.add(w.asText()));
            assertThat(warnings).containsExactlyElementsOf(wanted);
        }
    }
}
