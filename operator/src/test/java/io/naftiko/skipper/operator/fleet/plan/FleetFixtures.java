package io.naftiko.skipper.operator.fleet.plan;

import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reading fleet fixture folders: a Fleet manifest, and source folders flattened as a source ConfigMap holds them. */
public final class FleetFixtures {

    private FleetFixtures() {
    }

    /** The Fleet in {@code file}. */
    public static Fleet fleet(Path file) {
        try {
            return Mappers.yaml().readValue(Files.readString(file), Fleet.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code folder}, keyed by its base name, as kustomize's configMapGenerator would make them. */
    public static SourceFiles source(Path folder) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SourceFiles.of(files);
    }
}
