package io.naftiko.skipper.gateway.inventory;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One capability with an MCP expose, as the gateway routes to it: values only, read from the cluster by the caller.
 *
 * @param namespace   its namespace
 * @param name        its name
 * @param environment the fleet environment it runs for ({@code naftiko.io/environment}), or empty
 * @param endpoint    its MCP endpoint (Service and MCP port), when it has one
 * @param rest        its REST endpoint (Service and first REST port), when it has one: the built-in router's target
 * @param health      whether its tools are offered
 * @param credentials where the token its MCP expose demands comes from
 * @param tools       its tools: what it listed on the last {@code tools/list}, else what its document declares
 * @param toolsListed whether {@code tools} came from the capability itself rather than its document
 */
public record CapabilityTarget(String namespace, String name, String environment, Optional<URI> endpoint, Optional<URI> rest, Health health,
                               CredentialSource credentials, List<ToolDefinition> tools, boolean toolsListed) {

    /** {@code namespace/name}. */
    public String key() {
        return namespace + "/" + name;
    }

    /** The same target with another health. */
    public CapabilityTarget withHealth(Health newHealth) {
        return new CapabilityTarget(namespace, name, environment, endpoint, rest, newHealth, credentials, tools, toolsListed);
    }

    /** The same target reached at another MCP endpoint (a port-forward, when the gateway runs outside the cluster). */
    public CapabilityTarget withEndpoint(URI mcpEndpoint) {
        return new CapabilityTarget(namespace, name, environment, Optional.of(mcpEndpoint), rest, health, credentials, tools, toolsListed);
    }

    /** The same target with the tools the capability listed itself. */
    public CapabilityTarget withListedTools(List<ToolDefinition> listed) {
        return new CapabilityTarget(namespace, name, environment, endpoint, rest, health, credentials, List.copyOf(listed), true);
    }
}
