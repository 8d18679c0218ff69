package io.naftiko.skipper.gateway.inventory;

import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.ikanos.Expose;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.reconciler.desired.NamedPort;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A Capability and its document as the gateway routes to them: its Service's MCP and REST ports
 * ({@code http://{name}.{namespace}.svc.cluster.local:{port}}), whether its tools may be offered, and where its
 * MCP credentials are. Pure: the caller reads the cluster.
 */
public final class Targets {

    /** The path the gateway posts MCP to (the engine answers any path). */
    public static final String MCP_PATH = "/mcp";

    private Targets() {
    }

    /** The target of a Capability whose document was found. */
    public static CapabilityTarget of(Capability capability, IkanosDocument document) {
        String namespace = capability.getMetadata().getNamespace();
        String name = capability.getMetadata().getName();
        String environment = Optional.ofNullable(capability.getMetadata().getLabels())
                .map(l -> l.get(NaftikoLabels.ENVIRONMENT)).orElse("");
        List<NamedPort> ports = NamedPort.of(document.exposes());
        Optional<NamedPort> mcp = ports.stream().filter(p -> "mcp".equals(p.expose().type())).findFirst();
        Optional<NamedPort> rest = ports.stream().filter(p -> "rest".equals(p.expose().type())).findFirst();
        String service = "http://" + name + "." + namespace + ".svc.cluster.local:";
        Optional<URI> mcpEndpoint = mcp.map(p -> URI.create(service + p.port() + MCP_PATH));
        Optional<URI> restEndpoint = rest.map(p -> URI.create(service + p.port()));
        CredentialSource credentials = CredentialSource.of(name, document);
        return new CapabilityTarget(namespace, name, environment, mcpEndpoint, restEndpoint,
                health(capability, document, mcp, credentials), credentials, DocumentTools.of(document), false);
    }

    /** A Capability whose document cannot be read: listed, with no tools, as not ready. */
    public static CapabilityTarget unresolved(Capability capability, String reason) {
        return new CapabilityTarget(capability.getMetadata().getNamespace(), capability.getMetadata().getName(),
                Optional.ofNullable(capability.getMetadata().getLabels()).map(l -> l.get(NaftikoLabels.ENVIRONMENT)).orElse(""),
                Optional.empty(), Optional.empty(), Health.of(Health.State.NOT_READY, reason), new CredentialSource.None(),
                List.of(), false);
    }

    private static Health health(Capability capability, IkanosDocument document, Optional<NamedPort> mcp, CredentialSource credentials) {
        Optional<Expose> mcpExpose = document.exposes().stream().filter(e -> "mcp".equals(e.type())).findFirst();
        if (mcpExpose.isPresent() && mcp.isEmpty()) {
            return Health.of(Health.State.NO_ENDPOINT, mcpExpose.get().listens()
                    ? "its MCP expose has no port" : "its MCP expose speaks stdio, which no Service carries");
        }
        if (mcpExpose.isPresent() && (mcpExpose.get().address() == null || mcpExpose.get().address().isBlank())) {
            return Health.of(Health.State.NO_ENDPOINT, "its MCP expose has no address, so the engine listens on localhost only"
                    + " (set address: 0.0.0.0)");
        }
        Optional<Condition> ready = Optional.ofNullable(capability.getStatus()).map(s -> s.conditions()).orElse(List.of()).stream()
                .filter(c -> "Ready".equals(c.getType())).findFirst();
        if (ready.isEmpty() || !"True".equals(ready.get().getStatus())) {
            return Health.of(Health.State.NOT_READY, ready.map(c -> c.getReason() + ": " + c.getMessage())
                    .orElse("it has no Ready condition yet"));
        }
        if (credentials instanceof CredentialSource.Unsupported unsupported) {
            return Health.of(Health.State.NO_CREDENTIALS, unsupported.reason());
        }
        return Health.ready();
    }
}
