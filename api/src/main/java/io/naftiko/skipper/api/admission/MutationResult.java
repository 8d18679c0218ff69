package io.naftiko.skipper.api.admission;

import io.naftiko.skipper.api.tier.ResolvedClass;
import io.naftiko.skipper.api.v1alpha3.Capability;
import java.util.List;

/**
 * What mutation made of a Capability.
 *
 * @param capability the expanded Capability (a new object; the input is untouched)
 * @param resolved   the class it was expanded from
 * @param warnings   admission warnings (class fallback)
 */
public record MutationResult(Capability capability, ResolvedClass resolved, List<String> warnings) {
}
