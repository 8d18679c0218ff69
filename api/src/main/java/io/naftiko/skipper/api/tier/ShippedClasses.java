package io.naftiko.skipper.api.tier;

import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default tiers shipped in {@code deploy/classes/}, packaged into this jar at build time
 * so that the files in the repository are their only source.
 */
public final class ShippedClasses {

    /** The shipped tiers, in order of size. */
    public static final List<String> TIERS = List.of("dev", "standard", "premium");
    private static final String RESOURCE_DIR = "/io/naftiko/skipper/api/classes/";
    private static final Map<String, CapabilityClass> CLASSES = load();

    private ShippedClasses() {
    }

    /** Every shipped class by name: fresh copies, so no caller can change another's. */
    public static Map<String, CapabilityClass> all() {
        Map<String, CapabilityClass> copies = new LinkedHashMap<>();
        CLASSES.forEach((name, cls) -> copies.put(name, copy(cls)));
        return copies;
    }

    /** The built-in standard class (a copy): the fallback for a tier whose class does not exist. */
    public static CapabilityClass standard() {
        return copy(CLASSES.get(TierResolver.DEFAULT_TIER));
    }

    private static CapabilityClass copy(CapabilityClass cls) {
        return Mappers.json().convertValue(cls, CapabilityClass.class);
    }

    private static Map<String, CapabilityClass> load() {
        Map<String, CapabilityClass> classes = new LinkedHashMap<>();
        for (String tier : TIERS) {
            String resource = RESOURCE_DIR + tier + ".yaml";
            try (InputStream in = ShippedClasses.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing packaged class " + resource);
                }
                classes.put(tier, Mappers.yaml().readValue(in, CapabilityClass.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read packaged class " + resource, e);
            }
        }
        return Map.copyOf(classes);
    }
}
