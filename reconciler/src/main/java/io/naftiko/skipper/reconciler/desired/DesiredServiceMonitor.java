package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Prometheus Operator ServiceMonitor {@code {name}} scraping the control port, when the CRD exists. */
public final class DesiredServiceMonitor {

    /** API version of the ServiceMonitor kind. */
    public static final String API_VERSION = "monitoring.coreos.com/v1";
    /** The kind. */
    public static final String KIND = "ServiceMonitor";

    private DesiredServiceMonitor() {
    }

    /** The ServiceMonitor; none without a control expose or without the CRD. */
    public static Optional<GenericKubernetesResource> of(CapabilityInputs inputs) {
        if (!inputs.serviceMonitorSupported()) {
            return Optional.empty();
        }
        return inputs.controlPort().map(control -> new GenericKubernetesResourceBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withMetadata(inputs.childMetadata())
                .withAdditionalProperties(Map.of("spec", spec(inputs, control)))
                .build());
    }

    private static Map<String, Object> spec(CapabilityInputs inputs, NamedPort control) {
        // Ordered maps: the same inputs must give the same bytes (golden files, and no spurious updates).
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("port", control.name());
        endpoint.put("path", "/metrics");
        endpoint.put("interval", "15s");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("selector", Map.of("matchLabels", inputs.selector()));
        spec.put("endpoints", List.of(endpoint));
        return spec;
    }
}
