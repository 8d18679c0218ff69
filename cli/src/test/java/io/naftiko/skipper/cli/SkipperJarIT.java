package io.naftiko.skipper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged {@code cli/target/skipper.jar}, run as a user runs it. */
class SkipperJarIT {

    private static final Path JAR = Fixtures.repoRoot().resolve("cli/target/skipper.jar");

    record Result(int exitCode, String out, String err) {
    }

    static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void rendersTheWholeTutorial() throws Exception {
        Result result = java("render", "-f", Fixtures.shared().resolve("ikanos/tutorial").toString(), "-n", "shipyard");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().filter(l -> l.equals("kind: Capability"))).hasSize(11);
        assertThat(result.out().lines().filter(l -> l.equals("kind: Deployment"))).hasSize(11);
    }

    @Test
    void aMissingFileIsOneLine() throws Exception {
        Result result = java("render", "-f", "no-such-file.yaml");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly("render: error: no-such-file.yaml: no such file or folder");
    }

    @Test
    void theDemoRunsFromTheJarAloneWithNoWarning() throws Exception {
        // The demo's embedded API server comes with the jar (demo and testkit modules), never with the operator image.
        Result result = java("demo");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("NOT a real cluster").contains("done in");
        assertThat(result.err()).doesNotContain("WARN").doesNotContain("409");
    }

    @Test
    void helpAndVersion() throws Exception {
        assertThat(java("--help").out()).contains("render");
        assertThat(java("--version").out()).startsWith("skipper 0.");
    }
}
