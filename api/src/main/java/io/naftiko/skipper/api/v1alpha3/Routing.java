package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a capability's REST exposes are routed ({@code spec.routing} of a class, {@code spec.runtime.routing} of a
 * Capability): with a gateway, the reconciler keeps one {@code HTTPRoute} per REST expose attached to it.
 *
 * @param gateway the Gateway, or null for none (the MCP gateway's built-in router can serve the same paths)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Routing(GatewayRef gateway) {
}
