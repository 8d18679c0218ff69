package io.naftiko.skipper.api.tier;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.naftiko.skipper.api.v1alpha3.Autoscaling;
import io.naftiko.skipper.api.v1alpha3.CapabilityClassSpec;
import io.naftiko.skipper.api.v1alpha3.ResourceAmounts;
import io.naftiko.skipper.api.validation.CapabilityClassRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped classes carry the values of DESIGN.md §2, and obey their own rules. */
class ShippedClassesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // tier, requests, limits, hpa, circuit breaker fail%/window/open, retry, bulkhead, rate limit
        "dev,      50m/64Mi,   100m/128Mi,  1/2/10,     80/5/60s,  2/1s,    5/500ms,   20/1s",
        "standard, 250m/256Mi, 500m/512Mi,  1/4/100,    50/10/30s, 3/500ms, 20/100ms,  100/1s",
        "premium,  500m/512Mi, 1000m/1Gi,   2/20/1000,  30/20/15s, 5/200ms, 100/50ms,  1000/1s",
    })
    void valuesOfTheDesignTable(String tier, String requests, String limits, String hpa, String breaker,
                                String retry, String bulkhead, String rateLimit) {
        CapabilityClassSpec spec = ShippedClasses.all().get(tier).getSpec();
        assertThat(spec.resources().requests()).isEqualTo(amounts(requests));
        assertThat(spec.resources().limits()).isEqualTo(amounts(limits));
        String[] h = hpa.split("/");
        assertThat(spec.hpa()).isEqualTo(new Autoscaling(Integer.valueOf(h[0]), Integer.valueOf(h[1]), Integer.valueOf(h[2])));
        String[] cb = breaker.split("/");
        assertThat(spec.resilience().circuitBreaker().failureRateThreshold()).isEqualTo(Integer.valueOf(cb[0]));
        assertThat(spec.resilience().circuitBreaker().slidingWindowSize()).isEqualTo(Integer.valueOf(cb[1]));
        assertThat(spec.resilience().circuitBreaker().waitDurationInOpenState()).isEqualTo(cb[2]);
        assertThat(spec.resilience().retry().maxAttempts() + "/" + spec.resilience().retry().waitDuration()).isEqualTo(retry);
        assertThat(spec.resilience().bulkhead().maxConcurrentCalls() + "/" + spec.resilience().bulkhead().maxWaitDuration())
                .isEqualTo(bulkhead);
        assertThat(spec.resilience().rateLimit().limitForPeriod() + "/" + spec.resilience().rateLimit().limitRefreshPeriod())
                .isEqualTo(rateLimit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "standard", "premium"})
    void eachShippedClassIsValid(String tier) {
        assertThat(CapabilityClassRules.validate(ShippedClasses.all().get(tier))).isEmpty();
    }

    @Test
    void callersGetCopiesThatCannotChangeTheShippedClasses() {
        ShippedClasses.all().get("dev").getMetadata().setName("changed");
        ShippedClasses.standard().getMetadata().setName("changed");
        assertThat(ShippedClasses.all().get("dev").getMetadata().getName()).isEqualTo("dev");
        assertThat(ShippedClasses.standard().getMetadata().getName()).isEqualTo("standard");
    }

    private static ResourceAmounts amounts(String cpuSlashMemory) {
        String[] parts = cpuSlashMemory.split("/");
        return new ResourceAmounts(new Quantity(parts[0]), new Quantity(parts[1]));
    }
}
