package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.naftiko.skipper.api.NaftikoLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus Operator ServiceMonitor {@code {name}} scraping the control port, when the CRD exists: through
 * {@code {name}}, or under a rollout through {@code {name}-metrics}.
 */
public final class DesiredServiceMonitor {

    /** API version of the ServiceMonitor kind. */
    public static final String API_VERSION = "monitoring.coreos.com/v1";
    /** The kind. */
    public static final String KIND = "ServiceMonitor";
    /** The label Argo Rollouts puts on the pods of each of its ReplicaSets. */
    public static final String POD_TEMPLATE_HASH = "rollouts-pod-template-hash";

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
        if (inputs.rollout().isEmpty()) {
            spec.put("selector", Map.of("matchLabels", inputs.selector()));
        } else {
            // Under a rollout, Argo Rollouts narrows {name} to some of the pods: scrape every pod once, through the
            // headless {name}-metrics, and keep each pod's template hash, by which an analysis tells new pods from old.
            Map<String, String> labels = new LinkedHashMap<>(inputs.selector());
            labels.put(DesiredService.ROLE, DesiredService.METRICS);
            spec.put("selector", Map.of("matchLabels", labels));
            spec.put("podTargetLabels", List.of(POD_TEMPLATE_HASH));
        }
        // The capability's name on every series (naftiko_io_capability): the dashboard, the Grafana dashboard and the
        // alerts group by it, whichever Service the pods are scraped through.
        spec.put("targetLabels", List.of(NaftikoLabels.CAPABILITY));
        spec.put("endpoints", List.of(endpoint));
        return spec;
    }
}
