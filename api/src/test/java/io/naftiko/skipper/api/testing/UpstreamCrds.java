package io.naftiko.skipper.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real CRDs of other projects (External Secrets Operator, …), as copied into {@code upstream-crds/}. */
public final class UpstreamCrds {

    /** Where the copies are. */
    public static final Path ROOT = Fixtures.repoRoot().resolve("api/src/test/resources/upstream-crds");

    private UpstreamCrds() {
    }

    /** The openAPIV3Schema of {@code version} in the CRD file {@code file} (relative to {@link #ROOT}). */
    public static JsonNode schema(String file, String version) {
        try {
            JsonNode crd = Mappers.yaml().readTree(Files.readString(ROOT.resolve(file)));
            for (JsonNode served : crd.path("spec").path("versions")) {
                if (version.equals(served.path("name").asText())) {
                    return served.path("schema").path("openAPIV3Schema");
                }
            }
            throw new IllegalArgumentException(file + " has no version " + version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
