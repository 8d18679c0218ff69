package io.naftiko.skipper.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: {@code src/test/resources/golden/<Test>.<case>-<Kind>.yaml}. Run with
 * {@code -Dskipper.golden.update=true} to rewrite them after an intended change, then review the diff.
 */
final class Golden {

    private Golden() {
    }

    static void assertMatches(String module, String name, String actual) {
        Path file = Fixtures.repoRoot().resolve(module).resolve("src/test/resources/golden").resolve(name + ".yaml");
        try {
            if (Boolean.getBoolean("skipper.golden.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, actual);
                return;
            }
            assertThat(file).as("golden file %s (create it with -Dskipper.golden.update=true)", file).exists();
            assertThat(actual).as("golden file %s", file).isEqualTo(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
