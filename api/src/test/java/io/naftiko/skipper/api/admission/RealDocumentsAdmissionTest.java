package io.naftiko.skipper.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every document the engine's authors wrote is admitted, inline and by reference, with the same outcome. */
class RealDocumentsAdmissionTest {

    static Stream<Path> documents() {
        return Fixtures.ikanosCapabilities().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void admittedInlineAndByReference(Path file) throws Exception {
        String text = Fixtures.read(file);
        Capability inline = new Capability();
        inline.setMetadata(new ObjectMetaBuilder().withName("shipyard").withNamespace("shipyard").build());
        inline.setSpec(Mappers.json().convertValue(Mappers.yaml().readTree(text), CapabilitySpec.class));
        Capability byReference = new Capability();
        byReference.setMetadata(inline.getMetadata());
        byReference.setSpec(new CapabilitySpec());
        byReference.getSpec().setSpecRef(new SpecRef("shipyard-spec", null));
        AdmissionContext context = AdmissionContext.shippedDefaults().withConfigMaps((ns, name) ->
                Optional.of(Map.of("capability.yaml", text)).filter(d -> name.equals("shipyard-spec")));

        AdmissionOutcome inlineOutcome = CapabilityAdmission.admit(inline, context);
        AdmissionOutcome referenceOutcome = CapabilityAdmission.admit(byReference, context);

        assertThat(inlineOutcome.validation().violations()).isEmpty();
        assertThat(referenceOutcome.validation().violations()).isEmpty();
        assertThat(inlineOutcome.admitted().getSpec().getRuntime()).isEqualTo(referenceOutcome.admitted().getSpec().getRuntime());
        assertThat(referenceOutcome.validation().document().orElseThrow().document().text()).isEqualTo(text);
        assertThat(inlineOutcome.validation().document().orElseThrow().document().tree())
                .isEqualTo(IkanosDocument.parse(text).tree());
        assertThat(inlineOutcome.admitted().getMetadata().getAnnotations()).containsEntry("naftiko.io/class-generation", "0");
    }
}
