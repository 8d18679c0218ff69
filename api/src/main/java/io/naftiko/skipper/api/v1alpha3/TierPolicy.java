package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;

/**
 * What a platform team allows in a tier; the admission webhook denies what breaks it.
 *
 * @param namespaceSelector  namespaces whose Capabilities may use the tier (absent: all)
 * @param maxReplicas        most replicas a Capability of the tier may ask for
 * @param maxResources       largest requests or limits a Capability of the tier may ask for
 * @param allowPublic        whether an expose may carry the {@code public} tag (an Ingress)
 * @param requireControlPort whether a control expose is mandatory
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TierPolicy(
        LabelSelector namespaceSelector,
        Integer maxReplicas,
        ResourceAmounts maxResources,
        Boolean allowPublic,
        Boolean requireControlPort) {
}
