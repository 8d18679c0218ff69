package io.naftiko.skipper.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files: the expected output of a test, kept in the repository. Run with {@code -Dskipper.golden.update=true}
 * to rewrite them after an intended change, then review the diff.
 */
public final class Golden {

    private Golden() {
    }

    /** Asserts that {@code actual} is the content of {@code file} (or writes it, when updating). */
    public static void assertMatches(Path file, String actual) {
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
