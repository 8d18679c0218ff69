package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a Capability's ikanos document lives: a key of a ConfigMap in the Capability's namespace.
 *
 * @param configMap name of the ConfigMap
 * @param key       key holding the document; {@value #DEFAULT_KEY} when absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpecRef(String configMap, String key) {

    /** The key used when none is given. */
    public static final String DEFAULT_KEY = "capability.yaml";

    /** The key to read, defaulted. */
    @JsonIgnore
    public String effectiveKey() {
        return key == null || key.isEmpty() ? DEFAULT_KEY : key;
    }
}
