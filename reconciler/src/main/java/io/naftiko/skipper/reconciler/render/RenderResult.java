package io.naftiko.skipper.reconciler.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.naftiko.skipper.api.Mappers;
import java.util.List;

/**
 * What rendering produced.
 *
 * @param sections   per capability: comments and objects
 * @param violations every violation, prefixed with its source; any makes the result invalid
 * @param warnings   admission warnings, prefixed with their source
 */
public record RenderResult(List<Section> sections, List<String> violations, List<String> warnings) {

    /**
     * One capability's part of the stream.
     *
     * @param comments lines written as YAML comments before the objects
     * @param objects  the admitted Capability, the inputs rendered from files, the children
     */
    public record Section(List<String> comments, List<HasMetadata> objects) {
    }

    /** Whether every capability was admitted. */
    public boolean valid() {
        return violations.isEmpty();
    }

    /** The YAML stream: {@code ---} between objects, comments before each capability's objects. */
    public String yaml() {
        StringBuilder yaml = new StringBuilder();
        for (Section section : sections) {
            for (String comment : section.comments()) {
                yaml.append("# ").append(comment).append('\n');
            }
            for (HasMetadata object : section.objects()) {
                try {
                    yaml.append("---\n").append(Mappers.yaml().writeValueAsString(object));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("Kubernetes objects always serialize", e);
                }
            }
        }
        return yaml.toString();
    }
}
