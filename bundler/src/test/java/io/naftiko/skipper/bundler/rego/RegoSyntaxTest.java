package io.naftiko.skipper.bundler.rego;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Rego check, table-driven over fixture folders: every file in {@code rego/valid}, the repository's sample policy
 * and the policies OPA itself built the shared bundles from parse; every file in {@code rego/invalid} is refused at the
 * line and column, and with the words, {@code rego/invalid/expected.txt} gives.
 */
class RegoSyntaxTest {

    static final Path FOLDER = Path.of("src/test/resources/rego");

    static Stream<Path> valid() throws IOException {
        Stream<Path> own = Fixtures.filesIn(FOLDER.resolve("valid"), ".rego").stream();
        Stream<Path> sample = Fixtures.filesIn(Fixtures.repoRoot().resolve("deploy/samples/policies/fleet-policy/naftiko/fleet"), ".rego").stream();
        Path shared = Fixtures.repoRoot().resolve("../shared/fixtures/opa/src");
        Stream<Path> opa = Files.isDirectory(shared) ? Files.walk(shared).filter(p -> p.toString().endsWith(".rego")).toList().stream() : Stream.empty();
        return Stream.of(own, sample, opa).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void aRegoV1ModuleParses(Path file) throws IOException {
        assertThat(RegoSyntax.check(Files.readString(file))).as(file.toString()).isEmpty();
    }

    static Stream<Arguments> invalid() throws IOException {
        List<String> lines = Files.readAllLines(FOLDER.resolve("invalid/expected.txt"));
        return lines.stream().filter(line -> !line.startsWith("#") && !line.isBlank()).map(line -> line.split("\\|", -1))
                .map(cells -> Arguments.of(cells[0], cells[1], cells[2]));
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("invalid")
    void anInvalidModuleIsRefusedAtItsPosition(String file, String position, String words) throws IOException {
        RegoSyntax.SyntaxError error = RegoSyntax.check(Files.readString(FOLDER.resolve("invalid").resolve(file))).orElseThrow(
                () -> new AssertionError(file + " parsed"));

        assertThat(error.line() + ":" + error.column()).as(error.describe(file)).isEqualTo(position);
        assertThat(error.message()).contains(words);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void everyInvalidFixtureIsListed(String file, String position, String words) throws IOException {
        try (Stream<Path> files = Files.list(FOLDER.resolve("invalid"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rego")).toList()).contains(file);
        }
        assertThat(Fixtures.filesIn(FOLDER.resolve("invalid"), ".rego")).hasSize((int) invalid().count());
    }
}
