package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.Optional;

/** The ClusterIP Service {@code {name}} with one named port per listening expose. */
public final class DesiredService {

    private DesiredService() {
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
