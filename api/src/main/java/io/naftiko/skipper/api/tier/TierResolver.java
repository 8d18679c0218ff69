package io.naftiko.skipper.api.tier;

import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.ikanos.Info;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Chooses a Capability's class: the {@code naftiko.io/tier} label of the Capability, else of the
 * document's {@code info.labels}, else {@value #DEFAULT_TIER}; a tier whose class does not exist
 * gets the built-in standard defaults and a warning.
 */
public final class TierResolver {

    /** The tier of a Capability that names none. */
    public static final String DEFAULT_TIER = "standard";

    private TierResolver() {
    }

    /**
     * Resolves the class.
     *
     * @param capabilityLabels the Capability's {@code metadata.labels} (may be null)
     * @param info             the document's info block
     * @param classes          class lookup by name (an informer cache, a folder, the shipped set)
     * @param builtInStandard  what stands in when the tier's class is missing
     */
    public static ResolvedClass resolve(Map<String, String> capabilityLabels, Info info,
                                        Function<String, Optional<CapabilityClass>> classes,
                                        Supplier<CapabilityClass> builtInStandard) {
        String fromCapability = capabilityLabels == null ? null : capabilityLabels.get(NaftikoLabels.TIER);
        String fromDocument = info.labels().get(NaftikoLabels.TIER);
        String tier;
        TierSource source;
        if (fromCapability != null && !fromCapability.isEmpty()) {
            tier = fromCapability;
            source = TierSource.CAPABILITY_LABEL;
        } else if (fromDocument != null && !fromDocument.isEmpty()) {
            tier = fromDocument;
            source = TierSource.DOCUMENT_LABEL;
        } else {
            tier = DEFAULT_TIER;
            source = TierSource.DEFAULT;
        }
        Optional<CapabilityClass> found = classes.apply(tier);
        if (found.isPresent()) {
            CapabilityClass cls = found.get();
            Long generation = cls.getMetadata().getGeneration();
            return new ResolvedClass(tier, source, cls.getMetadata().getName(), cls.getSpec(),
                    generation == null ? "0" : generation.toString(), Optional.empty());
        }
        return new ResolvedClass(tier, source, DEFAULT_TIER, builtInStandard.get().getSpec(),
                NaftikoLabels.BUILT_IN_GENERATION,
                Optional.of("CapabilityClass '" + tier + "' does not exist; using the built-in standard defaults"));
    }
}
