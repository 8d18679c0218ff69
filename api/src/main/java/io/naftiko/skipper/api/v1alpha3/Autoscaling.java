package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Replica bounds and the request rate one replica is sized for. Used as a class's {@code spec.hpa}
 * and as a Capability's {@code spec.runtime.autoscaling}.
 *
 * @param minReplicas             fewest replicas
 * @param maxReplicas             most replicas; an HPA exists when it exceeds {@code minReplicas}
 * @param targetRequestsPerSecond requests per second one replica should serve
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Autoscaling(Integer minReplicas, Integer maxReplicas, Integer targetRequestsPerSecond) {
}
