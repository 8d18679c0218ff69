package io.naftiko.skipper.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.validation.Violation;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Admission as a specification: each file of {@code admission-cases/} is a Capability, what the
 * cluster around it holds (ConfigMaps, extra classes, namespace labels), and exactly the violations
 * (field path and message) and warnings it must get.
 */
class AdmissionCasesTest {

    static Stream<Path> cases() {
        return Fixtures.filesIn(Fixtures.repoRoot().resolve("api/src/test/resources/admission-cases"), ".yaml").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void admission(Path file) throws Exception {
        JsonNode spec = Mappers.yaml().readTree(Fixtures.read(file));
        Map<String, CapabilityClass> classes = new HashMap<>(ShippedClasses.all());
        for (JsonNode node : spec.path("classes")) {
            CapabilityClass extra = Mappers.json().treeToValue(node, CapabilityClass.class);
            classes.put(extra.getMetadata().getName(), extra);
        }
        Map<String, Map<String, String>> configMaps = Mappers.json().convertValue(spec.path("configMaps"),
                new TypeReference<Map<String, Map<String, String>>>() { });
        Map<String, String> namespaceLabels = spec.has("namespaceLabels")
                ? Mappers.json().convertValue(spec.get("namespaceLabels"), new TypeReference<Map<String, String>>() { })
                : null;
        AdmissionContext context = new AdmissionContext(
                name -> Optional.ofNullable(classes.get(name)),
                (namespace, name) -> Optional.ofNullable(configMaps == null ? null : configMaps.get(name)),
                namespace -> Optional.ofNullable(namespaceLabels),
                OperatorSettings.defaults());
        Capability capability = Mappers.json().treeToValue(spec.get("capability"), Capability.class);

        AdmissionOutcome outcome = CapabilityAdmission.admit(capability, context);

        List<String> expected = Mappers.json().convertValue(spec.path("violations"), new TypeReference<List<String>>() { });
        assertThat(outcome.validation().violations()).map(Violation::toString)
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(outcome.allowed()).isEqualTo(expected.isEmpty());
        if (spec.has("warnings")) {
            List<String> warnings = Mappers.json().convertValue(spec.get("warnings"), new TypeReference<List<String>>() { });
            assertThat(outcome.warnings()).containsExactlyElementsOf(warnings);
        }
    }
}
