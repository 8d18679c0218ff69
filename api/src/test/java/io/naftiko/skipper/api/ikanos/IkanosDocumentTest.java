package io.naftiko.skipper.api.ikanos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Capability;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IkanosDocumentTest {

    static Stream<Path> documents() {
        return Fixtures.ikanosCapabilities().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void everyRealDocumentIsACapabilityWhoseTextIsKeptByteForByte(Path file) throws Exception {
        String text = Fixtures.read(file);
        IkanosDocument document = IkanosDocument.parse(text);
        assertThat(document.isCapability()).isTrue();
        assertThat(document.text()).isEqualTo(text);
        assertThat(document.exposes()).isNotEmpty();
        assertThat(document.ikanosVersion()).hasValue("1.0.0-beta5");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void unknownFieldsSurviveACapabilityRoundTrip(Path file) throws Exception {
        JsonNode original = Mappers.yaml().readTree(Fixtures.read(file));
        JsonNode capability = Mappers.json().createObjectNode()
                .put("apiVersion", Capability.API_VERSION).put("kind", "Capability")
                .set("spec", original);

        Capability typed = Mappers.json().treeToValue(capability, Capability.class);
        JsonNode back = Mappers.json().valueToTree(typed).get("spec");

        assertThat(back).isEqualTo(original);
        assertThat(IkanosDocument.fromTree(typed.getSpec().inlineDocument()).tree()).isEqualTo(original);
    }

    @Test
    void readsWhatSkipperActsOnFromTheFleetManifest() throws Exception {
        IkanosDocument step11 = IkanosDocument.parse(Fixtures.read(
                Fixtures.shared().resolve("ikanos/tutorial/step-11-shipyard-fleet-manifest.yml")));

        assertThat(step11.info().title()).hasValue("Shipyard Fleet Management");
        assertThat(step11.exposes()).extracting(Expose::type, e -> e.portNumber().orElseThrow(), Expose::namespace)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("mcp", 3001, "shipyard-tools"),
                        org.assertj.core.groups.Tuple.tuple("skill", 3003, "shipyard-skills"),
                        org.assertj.core.groups.Tuple.tuple("rest", 3002, "shipyard-api"));
        assertThat(step11.imports()).extracting(Import::name, i -> i.relativePath().orElseThrow(), i -> i.fileName().orElseThrow())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("registry", "shared/step11-registry-consumes.yml",
                                "step11-registry-consumes.yml"),
                        org.assertj.core.groups.Tuple.tuple("legacy", "shared/legacy-consumes.yaml", "legacy-consumes.yaml"));
        assertThat(step11.binds()).extracting(Bind::namespace).containsExactly("registry-env", "dockyard-env");
        assertThat(step11.binds().get(0).keys()).containsEntry("REGISTRY_TOKEN", "registry-bearer-token");
        assertThat(step11.binds().get(1).file()).hasValue(new BindFile("/app/shared/secrets.yaml", "shared", "secrets.yaml"));
    }

    @Test
    void aDocumentWithoutInfoHasAnEmptyInfo() throws Exception {
        IkanosDocument step1 = IkanosDocument.parse(Fixtures.read(
                Fixtures.shared().resolve("ikanos/tutorial/step-1-shipyard-mock.yml")));
        assertThat(step1.info()).isEqualTo(Info.empty());
        assertThat(step1.info().title()).isEmpty();
    }

    @Test
    void anImportedConsumesFileIsNotACapability() throws Exception {
        IkanosDocument consumes = IkanosDocument.parse(Fixtures.read(
                Fixtures.shared().resolve("ikanos/tutorial/shared/legacy-consumes.yaml")));
        assertThat(consumes.isCapability()).isFalse();
    }

    @Test
    void infoLabelsAndTheOlderLabelAreRead() throws Exception {
        IkanosDocument document = IkanosDocument.parse("""
                info:
                  label: Orders
                  labels:
                    naftiko.io/tier: premium
                    team: payments
                capability: {exposes: [{type: rest, port: 80}]}
                """);
        assertThat(document.info().title()).hasValue("Orders");
        assertThat(document.info().labels()).isEqualTo(Map.of("naftiko.io/tier", "premium", "team", "payments"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "ikanos: [1, 2| not valid YAML: line 1, column 14: expected ',' or ']', but got <stream end> (while parsing a flow sequence)",
        "''| the document is empty",
        "'# only a comment'| the document is empty",
        "'- a\n- b'| expected a YAML mapping at the top, found a list",
        "just text| expected a YAML mapping at the top, found a string",
        "'a: 1\n---\nb: 2'| expected one YAML document, found 2",
        "'a: 1\na: 2'| not valid YAML: line 2, column 2: Duplicate field 'a'",
    })
    void unreadableTextGetsOneClearLine(String text, String message) {
        assertThatThrownBy(() -> IkanosDocument.parse(text))
                .isInstanceOf(DocumentException.class)
                .hasMessage(message);
    }

    @Test
    void aLeadingCommentAndDocumentMarkerAreFine() throws Exception {
        IkanosDocument document = IkanosDocument.parse(Fixtures.read(
                Fixtures.shared().resolve("ikanos/cli/control/control-capability.yaml")));
        assertThat(document.exposes()).singleElement().satisfies(e -> {
            assertThat(e.isControl()).isTrue();
            assertThat(e.portNumber()).hasValue(9199);
            assertThat(e.namespace()).isNull();
        });
        assertThat(List.of(document.text().split("\n")[0])).containsExactly(
                "# yaml-language-server: $schema=../../../../../ikanos-spec/src/main/resources/schemas/ikanos-schema.json");
    }
}
