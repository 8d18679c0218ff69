package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;

/** The ConfigMap {@code {name}} holding the document byte for byte under {@code capability.yaml}. */
public final class DesiredConfigMap {

    private DesiredConfigMap() {
    }

    /** The spec ConfigMap. */
    public static ConfigMap of(CapabilityInputs inputs) {
        return new ConfigMapBuilder()
                .withMetadata(inputs.childMetadata())
                .withData(Map.of(ChildNames.SPEC_KEY, inputs.document().text()))
                .build();
    }
}
