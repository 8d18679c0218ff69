package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Requests and limits of a capability's engine container.
 *
 * @param requests what the scheduler reserves
 * @param limits   what the container may use at most
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComputeResources(ResourceAmounts requests, ResourceAmounts limits) {
}
