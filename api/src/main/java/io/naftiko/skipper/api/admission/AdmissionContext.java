package io.naftiko.skipper.api.admission;

import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What admission may look up. Each lookup is a function so that the webhook can back it with
 * informer caches, the CLI with files, and tests with maps: the rules themselves do no I/O.
 *
 * @param classes         CapabilityClass by name
 * @param configMaps      data of a ConfigMap by (namespace, name)
 * @param namespaceLabels labels of a namespace; empty when they cannot be known (then namespace selectors are not checked)
 * @param settings        the operator's settings
 */
public record AdmissionContext(
        Function<String, Optional<CapabilityClass>> classes,
        BiFunction<String, String, Optional<Map<String, String>>> configMaps,
        Function<String, Optional<Map<String, String>>> namespaceLabels,
        OperatorSettings settings) {

    /** A context with the shipped classes, no ConfigMaps, unknown namespaces and the given settings. */
    public static AdmissionContext offline(Map<String, CapabilityClass> classes, OperatorSettings settings) {
        return new AdmissionContext(name -> Optional.ofNullable(classes.get(name)),
                (namespace, name) -> Optional.empty(), namespace -> Optional.empty(), settings);
    }

    /** A context with the shipped classes and default settings. */
    public static AdmissionContext shippedDefaults() {
        return offline(ShippedClasses.all(), OperatorSettings.defaults());
    }

    /** The same context with another ConfigMap lookup. */
    public AdmissionContext withConfigMaps(BiFunction<String, String, Optional<Map<String, String>>> lookup) {
        return new AdmissionContext(classes, lookup, namespaceLabels, settings);
    }
}
