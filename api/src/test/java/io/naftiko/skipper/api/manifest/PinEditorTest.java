package io.naftiko.skipper.api.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.testing.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Pin edits over {@code src/test/resources/pin-edits/<case>/}: {@code before.yaml}, {@code edit} ({@code ENV CAPABILITY
 * PIN}) and the golden {@code after.yaml}; only the pin's text changes or one pin is added, every comment stays.
 */
class PinEditorTest {

    static final Path CASES = Fixtures.repoRoot().resolve("api/src/test/resources/pin-edits");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> folders = Files.list(CASES)) {
            return folders.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onlyThePinChanges(String name) throws IOException {
        Path folder = CASES.resolve(name);
        String before = Files.readString(folder.resolve("before.yaml"));
        String[] edit = Files.readString(folder.resolve("edit")).trim().split(" ", 3);

        String after = PinEditor.setPin(before, edit[0], edit[1], edit[2]);

        Golden.assertMatches(folder.resolve("after.yaml"), after);
        // Still YAML, with the pin where it should be; and every comment line of the original is still there.
        String pin = Mappers.yaml().readTree(after).path("spec").path("environments").findParents("name").stream()
                .filter(env -> env.path("name").asText().equals(edit[0])).findFirst().orElseThrow()
                .path("pins").path(edit[1]).toString();
        assertThat(pin).isEqualTo("{\"" + edit[2].replace(": ", "\":") + "}");
        before.lines().filter(l -> l.contains("#")).forEach(comment -> assertThat(after).contains(comment.substring(comment.indexOf('#'))));
    }

    @Test
    void theChangeIsPrintedAsTheLinesItTouched() {
        String before = "a: 1\npins:\n  x: {revision: 3}   # why\nz: 2\n";
        String after = PinEditor.setPin("spec:\n  environments:\n  - name: prod\n    pins:\n      x: {revision: 3}   # why\n", "prod", "x",
                "revision: 4");

        assertThat(after).isEqualTo("spec:\n  environments:\n  - name: prod\n    pins:\n      x: {revision: 4}   # why\n");
        assertThat(PinEditor.changedLines(before, before.replace("3}", "4}")))
                .isEqualTo(List.of("@@ line 3 @@", "-  x: {revision: 3}   # why", "+  x: {revision: 4}   # why"));
    }

    @Test
    void anEnvironmentTheManifestLacksIsAClearError() {
        assertThatThrownBy(() -> PinEditor.setPin("spec:\n  environments:\n  - name: staging\n", "prod", "x", "revision: 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no environment named prod in spec.environments");
        assertThatThrownBy(() -> PinEditor.setPin("spec: [", "prod", "x", "revision: 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not valid YAML");
        assertThatThrownBy(() -> PinEditor.setPin("spec:\n  environments:\n  - {name: prod, namespace: shop}\n", "prod", "x", "revision: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment prod is written in flow style ({...}): add its pin by hand");
        assertThatThrownBy(() -> PinEditor.setPin("spec:\n  environments:\n  - name: prod\n    pins: [x]\n", "prod", "x", "revision: 1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment prod: pins is not a map; fix it first (skipper fleet lint)");
    }
}
