package io.naftiko.skipper.api.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, in tests: {@code promtool} from Debian's {@code prometheus} package. {@code .ci/run}
 * installs it and sets {@code SKIPPER_REQUIRE_PROMTOOL}, so in CI a missing promtool is an error; on a developer's
 * machine without it, {@link #run} answers empty and the test says it was skipped.
 */
public final class Promtool {

    /** Where Debian installs it. */
    public static final Path PATH = Path.of("/usr/bin/promtool");
    private static final long PATIENCE_SECONDS = 60;

    /**
     * What one run printed and how it ended.
     *
     * @param exitCode its exit code
     * @param output   standard output and error, together
     */
    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** Whether promtool is installed here. */
    public static boolean present() {
        return Files.isExecutable(PATH);
    }

    /** Runs promtool with these arguments; empty when it is not installed and not required. */
    public static Optional<Result> run(String... args) throws IOException, InterruptedException {
        if (!present()) {
            if (System.getenv("SKIPPER_REQUIRE_PROMTOOL") != null) {
                throw new IllegalStateException("SKIPPER_REQUIRE_PROMTOOL is set but there is no promtool at " + PATH);
            }
            return Optional.empty();
        }
        List<String> command = new ArrayList<>();
        command.add(PATH.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in " + PATIENCE_SECONDS + " s");
        }
        return Optional.of(new Result(process.exitValue(), output));
    }
}
