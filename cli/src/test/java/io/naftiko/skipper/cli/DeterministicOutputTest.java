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

    /** A fresh private key of {@code algorithm} (RSA, EC) as a PKCS#8 PEM file. */
    static Path privateKey(Path dir, String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("RSA") ? 2048 : 256);
        return Files.writeString(dir.resolve(algorithm + ".pem"), "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64,
                "\n".getBytes()).encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
    }

    @Test
    void anEcKeySignsEs256WithoutBeingTold(@TempDir Path dir) throws Exception {
        CliRun build = CliRun.of("bundle", "build", Fixtures.repoRoot().resolve("deploy/samples/policies/fleet-policy").toString(),
                "-o", dir.resolve("ec.tar.gz").toString(), "--signing-key", privateKey(dir, "EC").toString());

        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(build.out()).contains("signed ES256");
    }

    @Test
    void buildingTheSameFolderTwiceGivesTheSameBytes(@TempDir Path dir) throws Exception {
        Path key = privateKey(dir, "RSA");
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
