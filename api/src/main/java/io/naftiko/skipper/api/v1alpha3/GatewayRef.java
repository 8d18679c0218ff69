package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A Gateway API {@code Gateway} that a capability's {@code HTTPRoute}s attach to.
 *
 * @param name        the Gateway's name
 * @param namespace   its namespace; null: the capability's own
 * @param sectionName one of its listeners; null: every listener that allows the route
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GatewayRef(String name, String namespace, String sectionName) {
}
