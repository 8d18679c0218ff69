package io.naftiko.skipper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same input, twice: the same bytes (render, bundle build). Inputs are the repository's own samples. */
class DeterministicOutputTest {

    @Test
    void renderingTheSameFolderTwiceGivesTheSameStream() {
        String samples = Fixtures.repoRoot().resolve("deploy/samples/shipyard-fleet").toString();

        CliRun first = CliRun.of("render", "-f", samples, "-n", "shipyard");
        CliRun second = CliRun.of("render", "-f", samples, "-n", "shipyard");

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("# needs Secret").isEqualTo(second.out());
    }

    @Test
    void buildingTheSameFolderTwiceGivesTheSameBytes(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        String policy = Fixtures.repoRoot().resolve("deploy/samples/policies/fleet-policy").toString();

        CliRun first = CliRun.of("bundle", "build", policy, "-o", dir.resolve("a.tar.gz").toString(), "--signing-key", key.toString());
        Thread.sleep(1100);
        CliRun second = CliRun.of("bundle", "build", policy, "-o", dir.resolve("b.tar.gz").toString(), "--signing-key", key.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("b.tar.gz"))).as("a second later, the same bytes")
                .isEqualTo(Files.readAllBytes(dir.resolve("a.tar.gz")));
    }
}
