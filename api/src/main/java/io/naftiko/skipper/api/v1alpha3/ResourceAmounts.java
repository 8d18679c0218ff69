package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * CPU and memory amounts.
 *
 * @param cpu    CPU quantity, e.g. {@code 250m}
 * @param memory memory quantity, e.g. {@code 256Mi}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceAmounts(Quantity cpu, Quantity memory) {
}
