package io.naftiko.skipper.api.tier;

import io.naftiko.skipper.api.v1alpha3.CapabilityClassSpec;
import java.util.Optional;

/**
 * The class a Capability runs with.
 *
 * @param tier       the tier asked for
 * @param source     where the tier was read from
 * @param className  the class whose defaults apply
 * @param spec       those defaults and the tier's policy
 * @param generation the class's {@code metadata.generation}, or {@code builtin} for the built-in defaults
 * @param warning    why the built-in defaults were used instead of the tier's class, if they were
 */
public record ResolvedClass(String tier, TierSource source, String className, CapabilityClassSpec spec,
                            String generation, Optional<String> warning) {

    /** Whether the built-in standard defaults stood in for a missing class. */
    public boolean isFallback() {
        return warning.isPresent();
    }
}
