package io.naftiko.skipper.reconciler.render;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.util.List;
import java.util.Map;

/**
 * What {@code skipper render} read, as values.
 *
 * @param documents    plain ikanos documents, each to be wrapped as a specRef Capability
 * @param capabilities Capability resources
 * @param configMaps   ConfigMaps given alongside (specRef documents, imports)
 * @param classes      CapabilityClasses given alongside or with --classes
 */
public record RenderInputs(List<PlainDocument> documents, List<CapabilityResource> capabilities,
                           List<ConfigMap> configMaps, List<CapabilityClass> classes) {

    /**
     * A plain ikanos document from a file.
     *
     * @param source  the file, as the user named it
     * @param name    the Capability name it gets
     * @param document the document, its text kept byte for byte
     * @param imports import file path (relative to the document) to its text, for the files that exist
     */
    public record PlainDocument(String source, String name, IkanosDocument document, Map<String, String> imports) {
    }

    /**
     * A Capability resource from a file.
     *
     * @param source     the file
     * @param capability the resource
     */
    public record CapabilityResource(String source, Capability capability) {
    }
}
