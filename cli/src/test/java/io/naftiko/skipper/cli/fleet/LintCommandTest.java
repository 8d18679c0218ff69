package io.naftiko.skipper.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skipper fleet lint}: clean on the sample, every problem by path otherwise, a bad file as one line. */
class LintCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSampleIsCleanAndABrokenManifestListsEveryProblem() throws Exception {
        String sample = Fixtures.repoRoot().resolve("deploy/samples/fleet/naftiko.fleet.yaml").toString();
        Path broken = Files.writeString(dir.resolve("naftiko.fleet.yaml"), Files.readString(Path.of(sample))
                .replace("promotesFrom: staging", "promotesFrom: production").replace("pins:\n      shipyard-fleet", "pins:\n      shipyard"));

        CliRun clean = CliRun.of("fleet", "lint", "-f", sample);
        CliRun problems = CliRun.of("fleet", "lint", "-f", broken.toString());
        CliRun missing = CliRun.of("fleet", "lint", "-f", dir.resolve("none.yaml").toString());
        CliRun notAFleet = CliRun.of("fleet", "lint", "-f", Fixtures.repoRoot().resolve("deploy/samples/warden.yaml").toString());

        assertThat(clean.exitCode()).as(clean.err()).isZero();
        assertThat(clean.out()).contains("Fleet shipyard, 2 capabilities in 2 environments: clean");
        assertThat(problems.exitCode()).isEqualTo(1);
        assertThat(problems.err().lines()).containsExactly(
                broken + ": spec.environments[1].pins.shipyard: no capability named shipyard in spec.capabilities",
                broken + ": spec.environments[1].promotesFrom: no environment named production",
                "lint: 2 problems");
        assertThat(missing.err().lines()).singleElement().asString().endsWith("none.yaml: no such file");
        assertThat(notAFleet.err().lines()).singleElement().asString().contains("not a Fleet");
    }
}
