package io.naftiko.skipper.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Where the repository and the shared real-world fixtures are, for every module's tests. */
public final class Fixtures {

    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private Fixtures() {
    }

    /** The repository root (the folder holding the root pom.xml and .ci/). */
    public static Path repoRoot() {
        String configured = System.getProperty("skipper.repo.root");
        if (configured != null && Files.isDirectory(Paths.get(configured, "deploy"))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root above " + Paths.get("").toAbsolutePath());
        }
        return dir;
    }

    /**
     * The shared fixtures folder ({@code ../shared/fixtures} beside the repository): real-world corpora no one here
     * wrote. CI always has it; on a clone with nothing beside it, a test that needs it is skipped (aborted), with the
     * reason printed once per test run.
     */
    public static Path shared() {
        Path shared = repoRoot().resolve("../shared/fixtures").normalize();
        if (!Files.isDirectory(shared)) {
            String reason = shared + " is not beside this clone: the suites over the shared real-world corpora (ikanos"
                    + " documents, real API-server reviews, OPA-signed bundles) are skipped";
            if (!TOLD.getAndSet(true)) {
                System.err.println("[skipper] " + reason);
            }
            Assumptions.abort(reason);
        }
        return shared;
    }


    /** The ikanos capability documents written by the engine's authors (not the files they import). */
    public static List<Path> ikanosCapabilities() {
        Path root = shared().resolve("ikanos");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
                    .filter(p -> !p.getParent().getFileName().toString().equals("shared"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A file's text as UTF-8. */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of a folder with an extension, sorted by name. */
    public static List<Path> filesIn(Path dir, String extension) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(extension)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
