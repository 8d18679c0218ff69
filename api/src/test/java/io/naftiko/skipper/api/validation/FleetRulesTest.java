package io.naftiko.skipper.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A Fleet manifest's problems, each named by its path: the sample is clean, the broken fixture breaks every rule once. */
class FleetRulesTest {

    static Function<String, Optional<CapabilityClass>> shipped() {
        return name -> Optional.ofNullable(ShippedClasses.all().get(name));
    }

    static Fleet read(Path file) throws Exception {
        return Mappers.yaml().readValue(Files.readString(file), Fleet.class);
    }

    @Test
    void theSampleFleetIsClean() throws Exception {
        Fleet sample = read(Fixtures.repoRoot().resolve("deploy/samples/fleet/naftiko.fleet.yaml"));

        assertThat(FleetRules.validate(sample, shipped())).isEmpty();
        assertThat(sample.getSpec().environments()).extracting(e -> e.name()).containsExactly("staging", "prod");
    }

    @Test
    void everyBrokenRuleIsNamedByItsPath() throws Exception {
        Path folder = Path.of("src/test/resources/fleets");
        List<String> expected = Files.readAllLines(folder.resolve("broken.expected"));

        assertThat(FleetRules.validate(read(folder.resolve("broken.fleet.yaml")), shipped()))
                .extracting(Violation::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void anOverrideAboveTheTiersReplicaPolicyIsRefused() throws Exception {
        Fleet sample = read(Fixtures.repoRoot().resolve("deploy/samples/fleet/naftiko.fleet.yaml"));
        Integer devMax = ShippedClasses.all().get("dev").getSpec().policy().maxReplicas();
        Fleet tooMany = Mappers.yaml().readValue(Files.readString(Fixtures.repoRoot().resolve("deploy/samples/fleet/naftiko.fleet.yaml"))
                .replace("replicas: 1", "replicas: " + (devMax + 1)), Fleet.class);

        assertThat(FleetRules.validate(tooMany, shipped())).extracting(Violation::toString)
                .containsExactly("spec.environments[0].overrides.shipyard-fleet.replicas: " + (devMax + 1)
                        + " is above tier dev's maximum of " + devMax);
        assertThat(FleetRules.validate(sample, name -> Optional.empty())).extracting(Violation::toString)
                .containsExactly("spec.capabilities[0].tier: no CapabilityClass named standard",
                        "spec.capabilities[1].tier: no CapabilityClass named dev",
                        "spec.environments[0].overrides.shipyard-fleet.tier: no CapabilityClass named dev");
    }
}
