package io.naftiko.skipper.api.tier;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.ikanos.Info;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TierResolverTest {

    @ParameterizedTest(name = "cr={0} doc={1} classes={2} -> {3}/{4} from {5}")
    @CsvSource(nullValues = "-", value = {
        // CR label, info.labels tier, classes present, expected tier, expected class, source, fallback
        "premium, dev,   dev|standard|premium, premium,    premium,  CAPABILITY_LABEL, false",
        "-,       dev,   dev|standard|premium, dev,        dev,      DOCUMENT_LABEL,   false",
        "'',      dev,   dev|standard|premium, dev,        dev,      DOCUMENT_LABEL,   false",
        "-,       -,     dev|standard|premium, standard,   standard, DEFAULT,          false",
        "enterprise, -,  dev|standard|premium, enterprise, standard, CAPABILITY_LABEL, true",
        "-,       gold,  dev|standard|premium, gold,       standard, DOCUMENT_LABEL,   true",
        "-,       -,     dev|premium,          standard,   standard, DEFAULT,          true",
        "dev,     -,     '',                   dev,        standard, CAPABILITY_LABEL, true",
    })
    void resolvesTheTierAndFallsBackToTheBuiltInStandard(String crTier, String docTier, String present,
                                                         String tier, String className, TierSource source,
                                                         boolean fallback) {
        Map<String, CapabilityClass> classes = new HashMap<>();
        for (String name : present.split("\\|")) {
            if (!name.isEmpty()) {
                classes.put(name, ShippedClasses.all().get(name));
            }
        }
        Map<String, String> crLabels = crTier == null ? null : Map.of("naftiko.io/tier", crTier);
        Info info = new Info(null, null, docTier == null ? Map.of() : Map.of("naftiko.io/tier", docTier), null);

        ResolvedClass resolved = TierResolver.resolve(crLabels, info, n -> Optional.ofNullable(classes.get(n)),
                ShippedClasses::standard);

        assertThat(resolved.tier()).isEqualTo(tier);
        assertThat(resolved.className()).isEqualTo(className);
        assertThat(resolved.source()).isEqualTo(source);
        assertThat(resolved.isFallback()).isEqualTo(fallback);
        if (fallback) {
            assertThat(resolved.spec()).isEqualTo(ShippedClasses.standard().getSpec());
            assertThat(resolved.generation()).isEqualTo("builtin");
            assertThat(resolved.warning()).hasValue("CapabilityClass '" + tier
                    + "' does not exist; using the built-in standard defaults");
        } else {
            assertThat(resolved.spec()).isEqualTo(classes.get(className).getSpec());
        }
    }
}
