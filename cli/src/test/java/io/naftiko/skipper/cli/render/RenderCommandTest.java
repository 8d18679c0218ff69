package io.naftiko.skipper.cli.render;

import io.naftiko.skipper.reconciler.render.SourceLoader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.ikanos.Expose;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.ikanos.Import;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RenderCommandTest {

    static Stream<Path> documents() {
        return Fixtures.ikanosCapabilities().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void rendersEveryRealDocument(Path file) throws Exception {
        String text = Fixtures.read(file);
        IkanosDocument document = IkanosDocument.parse(text);
        String name = SourceLoader.nameFor(file);

        CliRun run = CliRun.of("render", "-f", file.toString(), "-n", "shipyard");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("error");
        List<Integer> exposedPorts = new ArrayList<>();
        document.exposes().forEach(e -> e.portNumber().ifPresent(exposedPorts::add));
        JsonNode container = run.object("Deployment", name).at("/spec/template/spec/containers/0");
        assertThat(container.path("ports").findValuesAsText("containerPort")).map(Integer::valueOf)
                .containsExactlyElementsOf(exposedPorts);
        assertThat(run.object("Service", name).at("/spec/ports").findValuesAsText("port")).map(Integer::valueOf)
                .containsExactlyElementsOf(exposedPorts);
        assertThat(container.path("ports").findValuesAsText("name"))
                .containsExactlyElementsOf(run.object("Service", name).at("/spec/ports").findValuesAsText("name"));
        assertThat(run.object("ConfigMap", name).at("/data/capability.yaml").asText()).isEqualTo(text);
        assertThat(run.object("ConfigMap", name + "-spec").at("/data/capability.yaml").asText()).isEqualTo(text);
        assertThat(run.object("Capability", name).at("/spec/specRef/configMap").asText()).isEqualTo(name + "-spec");
        for (Import imp : document.imports()) {
            JsonNode importMap = run.object("ConfigMap", name + "-import-" + imp.name());
            assertThat(importMap.path("data").size()).isEqualTo(1);
            assertThat(importMap.at("/data/" + imp.fileName().orElseThrow()).asText())
                    .isEqualTo(Fixtures.read(file.getParent().resolve(imp.relativePath().orElseThrow())));
        }
        if (document.exposes().stream().anyMatch(Expose::isControl)) {
            assertThat(run.object("ServiceMonitor", name).at("/spec/endpoints/0/port").asText()).isEqualTo("control");
        }
    }

    @Test
    void aFolderRendersEveryCapabilityInItAndSkipsImportedFiles() {
        CliRun run = CliRun.of("render", "-f", Fixtures.shared().resolve("ikanos/tutorial").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.objects()).filteredOn(o -> o.path("kind").asText().equals("Capability")).hasSize(11);
    }

    @Test
    void bindSecretsAreListedNeverInvented() {
        CliRun run = CliRun.of("render", "-f",
                Fixtures.shared().resolve("ikanos/tutorial/step-3-shipyard-auth.yml").toString());

        assertThat(run.objects()).noneMatch(o -> o.path("kind").asText().equals("Secret"));
        assertThat(run.out()).contains("# needs Secret step-3-shipyard-auth-bind-shared (keys: secrets.yaml;");
        assertThat(run.out()).doesNotContain("dummy-token");
    }

    @Test
    void aCapabilityResourceWithItsConfigMapRenders(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("fleet.yaml");
        String document = Fixtures.read(Fixtures.shared().resolve("ikanos/cli/control/control-capability.yaml"));
        Files.writeString(file, """
                apiVersion: naftiko.io/v1alpha3
                kind: Capability
                metadata:
                  name: control
                  namespace: ops
                  labels: {naftiko.io/tier: premium}
                spec:
                  specRef: {configMap: control-spec}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: control-spec, namespace: ops}
                data:
                  capability.yaml: |
                """ + document.indent(4));

        CliRun run = CliRun.of("render", "-f", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.object("Capability", "control").at("/spec/runtime/class").asText()).isEqualTo("premium");
        assertThat(run.object("Deployment", "control").at("/metadata/namespace").asText()).isEqualTo("ops");
        assertThat(run.object("HorizontalPodAutoscaler", "control").at("/spec/maxReplicas").asInt()).isEqualTo(20);
    }

    @Test
    void classesComeFromAFolderWhenGiven(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tiny.yaml"), """
                apiVersion: naftiko.io/v1alpha3
                kind: CapabilityClass
                metadata: {name: standard}
                spec:
                  resources: {limits: {cpu: 50m, memory: 32Mi}}
                  hpa: {minReplicas: 1, maxReplicas: 1}
                """);

        CliRun run = CliRun.of("render", "--classes", dir.toString(), "-f",
                Fixtures.shared().resolve("ikanos/tutorial/step-1-shipyard-mock.yml").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode deployment = run.object("Deployment", "step-1-shipyard-mock");
        assertThat(deployment.at("/spec/template/spec/containers/0/resources/limits/memory").asText()).isEqualTo("32Mi");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(run.objects()).noneMatch(o -> o.path("kind").asText().equals("HorizontalPodAutoscaler"));
    }

    @Test
    void theOperatorEnvironmentShapesTheOutput() {
        CliRun run = CliRun.of(Map.of("NAFTIKO_ENGINE_IMAGE", "registry.example/ikanos:1.0.0",
                        "NAFTIKO_OTEL_ENDPOINT", "http://collector:4317"),
                "render", "-f", Fixtures.shared().resolve("ikanos/tutorial/step-1-shipyard-mock.yml").toString());

        JsonNode container = run.object("Deployment", "step-1-shipyard-mock").at("/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("registry.example/ikanos:1.0.0");
        assertThat(container.path("env").findValuesAsText("value")).contains("http://collector:4317");
    }
}
