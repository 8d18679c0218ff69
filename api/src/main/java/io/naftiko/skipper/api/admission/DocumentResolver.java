package io.naftiko.skipper.api.admission;

import io.naftiko.skipper.api.ikanos.DocumentException;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.api.validation.Violation;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** Finds a Capability's ikanos document: inline in its spec, or in the ConfigMap its specRef names. */
public final class DocumentResolver {

    private DocumentResolver() {
    }

    /** Resolves the document, reading a referenced ConfigMap through the lookup. */
    public static DocumentResolution resolve(Capability capability,
                                             BiFunction<String, String, Optional<Map<String, String>>> configMaps) {
        CapabilitySpec spec = capability.getSpec();
        if (spec == null) {
            return DocumentResolution.failed(new Violation("spec", "required"));
        }
        if (spec.getSpecRef() == null) {
            return DocumentResolution.found(new ResolvedDocument(IkanosDocument.fromTree(spec.inlineDocument()),
                    ResolvedDocument.INLINE_ROOT));
        }
        SpecRef ref = spec.getSpecRef();
        if (ref.configMap() == null || ref.configMap().isEmpty()) {
            return DocumentResolution.failed(new Violation("spec.specRef.configMap", "required: the ConfigMap holding the document"));
        }
        String namespace = capability.getMetadata().getNamespace();
        Optional<Map<String, String>> data = configMaps.apply(namespace, ref.configMap());
        if (data.isEmpty()) {
            return DocumentResolution.failed(new Violation("spec.specRef.configMap", "ConfigMap '" + ref.configMap()
                    + "' does not exist in namespace '" + namespace + "'"));
        }
        String key = ref.effectiveKey();
        String text = data.get().get(key);
        if (text == null) {
            return DocumentResolution.failed(new Violation("spec.specRef.key", "ConfigMap '" + ref.configMap()
                    + "' has no key '" + key + "' (it has: " + String.join(", ", data.get().keySet()) + ")"));
        }
        try {
            return DocumentResolution.found(new ResolvedDocument(IkanosDocument.parse(text),
                    ResolvedDocument.configMapRoot(ref.configMap(), key)));
        } catch (DocumentException e) {
            return DocumentResolution.failed(new Violation("spec.specRef", "ConfigMap '" + ref.configMap() + "' key '" + key
                    + "' is not an ikanos document: " + e.getMessage()));
        }
    }
}
