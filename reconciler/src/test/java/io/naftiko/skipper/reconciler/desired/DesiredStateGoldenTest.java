package io.naftiko.skipper.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.AdmissionOutcome;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.ikanos.Import;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The desired children of every real ikanos document, wrapped both inline and as specRef, against
 * golden YAML ({@code DesiredStateGoldenTest.<document>-<inline|specRef>-<Kind>.yaml}).
 */
class DesiredStateGoldenTest {

    static final OperatorSettings SETTINGS = OperatorSettings.fromEnvironment(Map.of(
            "NAFTIKO_OTEL_ENDPOINT", "http://otel-collector.observability:4317",
            "NAFTIKO_OTEL_PROTOCOL", "grpc",
            "NAFTIKO_OTEL_SAMPLING_RATE", "0.1",
            "NAFTIKO_OTEL_HEADERS", "x-api-key=never-in-a-golden-file",
            "NAFTIKO_INGRESS_DOMAIN", "capabilities.example.com"));

    static Stream<Arguments> cases() {
        return Fixtures.ikanosCapabilities().stream().flatMap(file -> Stream.of(
                Arguments.of(file, "inline"), Arguments.of(file, "specRef")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void desiredChildren(Path file, String wrapping) throws Exception {
        String text = Fixtures.read(file);
        String name = caseName(file);
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shipyard")
                .withUid("00000000-0000-0000-0000-000000000001").build());
        if (wrapping.equals("inline")) {
            capability.setSpec(Mappers.json().convertValue(Mappers.yaml().readTree(text), CapabilitySpec.class));
        } else {
            capability.setSpec(new CapabilitySpec());
            capability.getSpec().setSpecRef(new SpecRef(name + "-spec", null));
        }
        AdmissionContext context = AdmissionContext.offline(ShippedClasses.all(), SETTINGS)
                .withConfigMaps((ns, cm) -> Optional.of(Map.of("capability.yaml", text)));
        AdmissionOutcome outcome = CapabilityAdmission.admit(capability, context);
        assertThat(outcome.validation().violations()).isEmpty();
        IkanosDocument document = outcome.validation().document().orElseThrow().document();

        DesiredState state = DesiredState.of(new CapabilityInputs(outcome.admitted(), document, SETTINGS,
                importContents(file, document), Map.of(), InstalledApis.all()));

        for (HasMetadata child : state.children()) {
            String yaml = Mappers.yaml().writeValueAsString(child);
            assertThat(yaml).doesNotContain("never-in-a-golden-file");
            Golden.assertMatches("reconciler", "DesiredStateGoldenTest." + name + "-" + wrapping + "-" + child.getKind(), yaml);
        }
        assertThat(state.configMap().getData().get("capability.yaml"))
                .isEqualTo(wrapping.equals("specRef") ? text : document.text());
        Deployment deployment = state.deployment();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .hasSameSizeAs(state.service().map(s -> s.getSpec().getPorts()).orElse(java.util.List.of()));
    }

    static String caseName(Path file) {
        return file.getFileName().toString().replaceAll("\\.(ikanos\\.)?ya?ml$", "");
    }

    static Map<String, String> importContents(Path file, IkanosDocument document) {
        Map<String, String> contents = new LinkedHashMap<>();
        for (Import imp : document.imports()) {
            contents.put(imp.name(), Fixtures.read(file.getParent().resolve(imp.relativePath().orElseThrow())));
        }
        return contents;
    }
}
