package io.naftiko.skipper.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.AdmissionOutcome;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.testing.Golden;
import io.naftiko.skipper.api.testing.StructuralSchema;
import io.naftiko.skipper.api.testing.UpstreamCrds;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a class's {@code routing} and {@code mesh} make of a Capability: an HTTPRoute per REST expose (validated
 * against the real Gateway API CRD), the mesh's injection mark on the pods and {@code appProtocol} on the Service's
 * ports. Golden YAML in {@code golden/RoutingGoldenTest.<class>-<document>-<Kind>[-<name>].yaml}.
 */
class RoutingGoldenTest {

    private static final Path FOLDER = Path.of("src/test/resources/routing");
    private static final JsonNode HTTP_ROUTE = UpstreamCrds.schema("gateway-api/gateway.networking.k8s.io_httproutes.yaml", "v1");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("edge", "../documents/rest-skill-control.yaml", List.of("/shipyard/harbour")),
                Arguments.of("edge", "two-rest.yaml", List.of("/shipyard/harbour", "/shipyard/harbour/rest-2")),
                Arguments.of("meshed", "two-rest.yaml", List.of()),
                Arguments.of("standard", "two-rest.yaml", List.of()));
    }

    private static DesiredState desired(String tier, String document, boolean httpRouteSupported) throws Exception {
        Map<String, CapabilityClass> classes = new LinkedHashMap<>(ShippedClasses.all());
        SourceLoader.loadClasses(FOLDER).forEach(c -> classes.put(c.getMetadata().getName(), c));
        String text = Files.readString(FOLDER.resolve(document));
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName("harbour").withNamespace("shipyard")
                .withUid("00000000-0000-0000-0000-000000000002").withLabels(Map.of(NaftikoLabels.TIER, tier)).build());
        capability.setSpec(Mappers.json().convertValue(Mappers.yaml().readTree(text), CapabilitySpec.class));
        AdmissionOutcome outcome = CapabilityAdmission.admit(capability, AdmissionContext.offline(classes, DesiredStateGoldenTest.SETTINGS));
        assertThat(outcome.validation().violations()).isEmpty();
        IkanosDocument parsed = outcome.validation().document().orElseThrow().document();
        return DesiredState.of(new CapabilityInputs(outcome.admitted(), parsed, DesiredStateGoldenTest.SETTINGS, Map.of(), Map.of(),
                new InstalledApis(true, httpRouteSupported, false)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void aClassRoutesRestExposesThroughItsGatewayAndJoinsItsMesh(String tier, String document, List<String> prefixes) throws Exception {
        DesiredState state = desired(tier, document, true);
        String caseName = tier + "-" + Path.of(document).getFileName().toString().replace(".yaml", "");

        assertThat(state.httpRoutes()).extracting(r -> Mappers.json().valueToTree(r).path("spec").path("rules").get(0).path("matches")
                .get(0).path("path").path("value").asText()).containsExactlyElementsOf(prefixes);
        for (GenericKubernetesResource route : state.httpRoutes()) {
            assertThat(StructuralSchema.validate(HTTP_ROUTE, Mappers.json().valueToTree(route))).as(route.getMetadata().getName()).isEmpty();
        }
        for (HasMetadata child : state.children()) {
            if (List.of("HTTPRoute", "Deployment", "Service").contains(child.getKind())) {
                Golden.assertMatches(Path.of("src/test/resources/golden/RoutingGoldenTest." + caseName + "-" + child.getKind() + "-"
                        + child.getMetadata().getName() + ".yaml"), Mappers.yaml().writeValueAsString(child));
            }
        }
    }

    @Test
    void withoutTheGatewayApiThereIsNoRouteAndTheMeshStillApplies() throws Exception {
        DesiredState state = desired("edge", "two-rest.yaml", false);

        assertThat(state.httpRoutes()).isEmpty();
        assertThat(state.deployment().getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("linkerd.io/inject", "enabled");
        assertThat(state.service().orElseThrow().getSpec().getPorts()).allSatisfy(p -> assertThat(p.getAppProtocol()).isEqualTo("http"));
    }

    @Test
    void aBrokenRouteIsCaughtByTheRealCrd() {
        JsonNode broken = Mappers.json().createObjectNode().put("apiVersion", "gateway.networking.k8s.io/v1").put("kind", "HTTPRoute")
                .set("spec", Mappers.json().createObjectNode().set("rules", Mappers.json().createArrayNode().add(Mappers.json()
                        .createObjectNode().set("matches", Mappers.json().createArrayNode().add(Mappers.json().createObjectNode()
                                .set("path", Mappers.json().createObjectNode().put("type", "Prefix").put("value", "/x")))))));

        assertThat(StructuralSchema.validate(HTTP_ROUTE, broken)).isNotEmpty();
    }
}
