package io.naftiko.skipper.bundler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.certs.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bundles built and signed by OPA 1.1.0 itself: our verifier accepts every one OPA accepts, rejects
 * every one OPA rejects with the same reason, and our hash of every file equals OPA's.
 */
class OpaFixturesTest {

    static Path opa() {
        return Fixtures.shared().resolve("opa");
    }

    static Stream<Arguments> cases() throws Exception {
        JsonNode expected = Mappers.json().readTree(Files.readAllBytes(opa().resolve("expected.json")));
        List<Arguments> cases = new ArrayList<>();
        for (String list : List.of("bundles", "negative_checks")) {
            for (JsonNode entry : expected.path(list)) {
                cases.add(Arguments.of(entry.path("file").asText() + " with " + entry.path("key").asText() + "/"
                        + entry.path("alg").asText() + entry.path("scope").asText(""), entry));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verifiesAsOpaDoes(String name, JsonNode entry) throws Exception {
        Map<String, byte[]> files = BundleArchive.read(Files.readAllBytes(opa().resolve("bundles").resolve(entry.path("file").asText())));
        VerificationKey key = new VerificationKey(
                Pem.readPublicKey(Files.readString(opa().resolve("keys").resolve(entry.path("key").asText()))),
                entry.path("alg").asText(),
                Optional.ofNullable(entry.path("key_id").asText(null)),
                Optional.ofNullable(entry.path("scope").asText(null)));

        if (entry.path("valid").asBoolean()) {
            Map<String, String> signed = BundleVerifier.verify(files, key);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (!file.getKey().equals(BundleVerifier.SIGNATURES)) {
                    assertThat(BundleHashes.hash(file.getKey(), file.getValue())).as(file.getKey()).isEqualTo(signed.get(file.getKey()));
                }
            }
        } else {
            assertThatThrownBy(() -> BundleVerifier.verify(files, key))
                    .isInstanceOf(BundleException.class)
                    .hasMessageContaining(entry.path("opa_says").asText());
        }
    }
}
