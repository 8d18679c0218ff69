package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;

/**
 * How a Capability runs. The admission webhook fills whatever the user left unset from the
 * Capability's class and the operator's OpenTelemetry settings, so what is stored is what runs.
 *
 * @param className   the resolved CapabilityClass ({@code class} in YAML)
 * @param resources   engine container requests and limits
 * @param autoscaling replica bounds; an HPA exists when max exceeds min
 * @param resilience  Resilience4j settings for the engine
 * @param env         environment of the engine container
 * @param image       the engine image; absent: the operator's {@code NAFTIKO_ENGINE_IMAGE}
 * @param routing     where REST exposes are routed (an HTTPRoute per REST expose when it names a Gateway)
 * @param mesh        the service mesh the pods join, or null
 * @param rollout     how a change reaches the pods (canary or blue/green through Argo Rollouts), or null for all at once
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapabilityRuntime(
        @JsonProperty("class") String className,
        ComputeResources resources,
        Autoscaling autoscaling,
        Resilience resilience,
        List<EnvVar> env,
        String image,
        Routing routing,
        String mesh,
        RolloutStrategy rollout) {

    /** A runtime with nothing set. */
    public static CapabilityRuntime empty() {
        return new CapabilityRuntime(null, null, null, null, null, null, null, null, null);
    }
}
