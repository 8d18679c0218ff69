package io.naftiko.skipper.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets one clear line (never a stack trace), the right exit code, and nothing on stdout. */
class RenderErrorsTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> badInputs() throws Exception {
        Files.writeString(dir.resolve("broken.yaml"), "capability: [\n");
        Files.write(dir.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
        Files.writeString(dir.resolve("orders.yaml"), """
                ikanos: 1.0.0-beta5
                capability:
                  exposes:
                  - {type: rest, port: 8080, tags: [public]}
                  - {type: grpc, port: 8080}
                """);
        Files.writeString(dir.resolve("denied.yaml"), """
                apiVersion: naftiko.io/v1alpha3
                kind: Capability
                metadata: {name: orders, labels: {naftiko.io/tier: dev}}
                spec:
                  ikanos: 1.0.0-beta5
                  capability:
                    exposes: [{type: rest, port: 8080, tags: [public]}]
                """);
        Files.writeString(dir.resolve("dangling.yaml"), """
                apiVersion: naftiko.io/v1alpha3
                kind: Capability
                metadata: {name: orders}
                spec: {specRef: {configMap: orders-spec}}
                """);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("bad.yaml"), """
                apiVersion: naftiko.io/v1alpha3
                kind: CapabilityClass
                metadata: {name: standard}
                spec: {hpa: {minReplicas: 3, maxReplicas: 1}}
                """);
        String step1 = Fixtures.shared().resolve("ikanos/tutorial/step-1-shipyard-mock.yml").toString();
        String tutorial = Fixtures.shared().resolve("ikanos/tutorial").toString();
        return Stream.of(
                Arguments.of("a missing file", List.of("-f", dir.resolve("missing.yaml").toString()), 1,
                        List.of("render: error: " + dir.resolve("missing.yaml") + ": no such file or folder")),
                Arguments.of("unreadable YAML", List.of("-f", dir.resolve("broken.yaml").toString()), 1,
                        List.of("render: error: " + dir.resolve("broken.yaml") + ": not valid YAML: line 2, column 1:"
                                + " expected the node content, but found '<stream end>' (while parsing a flow node)")),
                Arguments.of("text that is not UTF-8", List.of("-f", dir.resolve("latin1.yaml").toString()), 1,
                        List.of("render: error: " + dir.resolve("latin1.yaml") + ": not UTF-8 text")),
                Arguments.of("a document that is not a capability",
                        List.of("-f", Fixtures.shared().resolve("ikanos/tutorial/shared/legacy-consumes.yaml").toString()), 1,
                        List.of("render: error: " + Fixtures.shared().resolve("ikanos/tutorial/shared/legacy-consumes.yaml")
                                + ": not an ikanos capability document (it has no 'capability' mapping) and not a Capability resource")),
                Arguments.of("a folder with no YAML", List.of("-f", empty.toString()), 1,
                        List.of("render: error: " + empty + ": no .yaml or .yml files in this folder")),
                Arguments.of("--name with several documents", List.of("-f", tutorial, "--name", "x"), 1,
                        List.of("render: error: --name names one plain ikanos document, but 11 capabilities were given")),
                Arguments.of("an invalid document", List.of("-f", dir.resolve("orders.yaml").toString()), 1,
                        List.of(dir.resolve("orders.yaml") + ": capability.exposes[1].type: 'grpc' is not one of rest, mcp, skill, control",
                                dir.resolve("orders.yaml") + ": capability.exposes[1].port: port 8080 is already used by capability.exposes[0]",
                                "render: denied, 2 violations; nothing rendered")),
                Arguments.of("a tier policy denial", List.of("-f", dir.resolve("denied.yaml").toString()), 1,
                        List.of(dir.resolve("denied.yaml") + ": spec.capability.exposes[0].tags: the 'public' tag is not allowed in"
                                + " tier 'dev' (allowPublic: false): it would publish the expose through an Ingress",
                                "render: denied, 1 violation; nothing rendered")),
                Arguments.of("a specRef to a ConfigMap not given", List.of("-f", dir.resolve("dangling.yaml").toString()), 1,
                        List.of(dir.resolve("dangling.yaml") + ": spec.specRef.configMap: ConfigMap 'orders-spec' does not exist in namespace 'default'",
                                "render: denied, 1 violation; nothing rendered")),
                Arguments.of("an invalid class", List.of("--classes", classes.toString(), "-f", step1), 1,
                        List.of("CapabilityClass standard: spec.hpa.maxReplicas: 1 is below minReplicas 3",
                                "render: denied, 1 violation; nothing rendered")),
                Arguments.of("no -f at all", List.of(), 2,
                        List.of("render: Missing required option: '--filename=FILE|DIR|-'", "(see 'skipper render --help')")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputGetsAClearAnswer(String what, List<String> args, int exitCode, List<String> stderrLines) {
        List<String> command = new ArrayList<>(List.of("render"));
        command.addAll(args);

        CliRun run = CliRun.of(command.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsSubsequence(stderrLines);
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }
}
