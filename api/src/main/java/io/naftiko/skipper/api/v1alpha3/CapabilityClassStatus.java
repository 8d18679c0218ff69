package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Observed state of a CapabilityClass.
 *
 * @param observedGeneration generation last seen by the operator
 * @param capabilities       number of Capabilities admitted with this class
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilityClassStatus(Long observedGeneration, Integer capabilities) {
}
