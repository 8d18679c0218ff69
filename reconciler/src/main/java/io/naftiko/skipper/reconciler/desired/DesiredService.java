package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ClusterIP Service {@code {name}} with one named port per listening expose, and under a rollout the Services its
 * strategy switches: {@code {name}-canary} and {@code {name}-stable} (canary) or {@code {name}-preview} (blue/green,
 * where {@code {name}} itself is the active Service), plus the headless {@code {name}-metrics} over every pod's control
 * port, which the ServiceMonitor scrapes so each pod is scraped once whichever Service selects it.
 */
public final class DesiredService {

    /** Label telling a rollout's Services apart from {@code {name}}: {@code canary}, {@code stable}, {@code preview}, {@code metrics}. */
    public static final String ROLE = "naftiko.io/service-role";
    /** Role (and name suffix) of the Service over every pod's control port. */
    public static final String METRICS = "metrics";
    /** Every role a rollout's Service may have, for removing those no longer wanted. */
    public static final List<String> ROLLOUT_ROLES = List.of("canary", "stable", "preview", METRICS);

    private DesiredService() {
    }

    /** The Services a rollout needs beside {@code {name}}; none without a rollout or without a listening expose. */
    public static List<Service> forRollout(CapabilityInputs inputs) {
        Optional<Service> main = of(inputs);
        if (inputs.rollout().isEmpty() || main.isEmpty()) {
            return List.of();
        }
        List<Service> services = new ArrayList<>();
        for (String role : inputs.rollout().get().isCanary() ? List.of("canary", "stable") : List.of("preview")) {
            services.add(withRole(main.get(), inputs, role));
        }
        inputs.controlPort().ifPresent(control -> {
            Service metrics = withRole(main.get(), inputs, METRICS);
            metrics.getSpec().setClusterIP("None");
            metrics.getSpec().setPorts(metrics.getSpec().getPorts().stream().filter(p -> p.getName().equals(control.name())).toList());
            services.add(metrics);
        });
        return services;
    }

    /** The name of a rollout's Service of this role. */
    public static String rolloutService(String capability, String role) {
        return capability + "-" + role;
    }

    private static Service withRole(Service main, CapabilityInputs inputs, String role) {
        ObjectMeta metadata = inputs.childMetadata();
        metadata.setName(rolloutService(inputs.name(), role));
        metadata.getLabels().put(ROLE, role);
        return new ServiceBuilder(main).withMetadata(metadata).build();
    }

    /** The Service; none when nothing listens (MCP over stdio only). */
    public static Optional<Service> of(CapabilityInputs inputs) {
        // In a mesh, every port says it speaks HTTP, so the mesh applies its HTTP features (retries, metrics, mTLS).
        String appProtocol = inputs.runtime().mesh() == null ? null : Mesh.APP_PROTOCOL;
        List<ServicePort> ports = inputs.ports().stream()
                .map(p -> new ServicePortBuilder().withName(p.name()).withPort(p.port())
                        .withTargetPort(new IntOrString(p.name())).withProtocol("TCP").withAppProtocol(appProtocol).build())
                .toList();
        if (ports.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceBuilder()
                .withMetadata(inputs.childMetadata())
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(inputs.selector())
                .withPorts(ports)
                .endSpec()
                .build());
    }

    /** {@code http://{name}.{ns}.svc.cluster.local:{first non-control port}}, when there is such a port. */
    public static Optional<String> endpoint(CapabilityInputs inputs) {
        return inputs.ports().stream().filter(p -> !p.expose().isControl()).findFirst()
                .map(p -> "http://" + inputs.name() + "." + inputs.namespace() + ".svc.cluster.local:" + p.port());
    }
}
