package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * Which bundles a Warden may pull.
 *
 * @param bundles names of the bundles it is granted
 * @param pin     bundle name to the revision it must stay on
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WardenSpec(List<String> bundles, Map<String, String> pin) {
}
