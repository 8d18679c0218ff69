package io.naftiko.skipper.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each file of {@code class-cases/} is a CapabilityClass and exactly the violations it must get. */
class CapabilityClassCasesTest {

    static Stream<Path> cases() {
        return Fixtures.filesIn(Fixtures.repoRoot().resolve("api/src/test/resources/class-cases"), ".yaml").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void classValidation(Path file) throws Exception {
        JsonNode spec = Mappers.yaml().readTree(Fixtures.read(file));
        CapabilityClass capabilityClass = Mappers.json().treeToValue(spec.get("capabilityClass"), CapabilityClass.class);
        List<String> expected = Mappers.json().convertValue(spec.get("violations"), new TypeReference<List<String>>() { });

        assertThat(CapabilityClassRules.validate(capabilityClass)).map(Violation::toString)
                .containsExactlyInAnyOrderElementsOf(expected);
    }
}
