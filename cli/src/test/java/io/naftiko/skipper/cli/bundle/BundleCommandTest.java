package io.naftiko.skipper.cli.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BundleCommandTest {

    @TempDir
    static Path dir;

    static String key(String name) {
        return Fixtures.shared().resolve("opa/keys").resolve(name).toString();
    }

    @Test
    void buildThenVerify() {
        String bundle = dir.resolve("tricky.tar.gz").toString();
        CliRun build = CliRun.of("bundle", "build", Fixtures.shared().resolve("opa/src/tricky").toString(), "-o", bundle,
                "--signing-key", key("ec.pem"), "--signing-alg", "ES256", "--key-id", "ec-1", "--scope", "write");
        CliRun verify = CliRun.of("bundle", "verify", bundle, "--verification-key", key("ec.pub.pem"), "--key-id", "ec-1",
                "--scope", "write");
        CliRun wrongScope = CliRun.of("bundle", "verify", bundle, "--verification-key", key("ec.pub.pem"), "--scope", "read");

        assertThat(build.exitCode()).as(build.err()).isZero();
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("verified (ES256), 4 signed files");
        assertThat(wrongScope.exitCode()).isEqualTo(1);
        assertThat(wrongScope.err()).contains("scope mismatch");
    }

    @Test
    void opasTamperedBundlesAreRejectedWithTheirReason() {
        CliRun run = CliRun.of("bundle", "verify", Fixtures.shared().resolve("opa/bundles/tampered-unsigned-extra-file.tar.gz").toString(),
                "--verification-key", key("rsa.pub.pem"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("file naftiko/extra/x.rego not included in bundle signature");
    }

    static Stream<Arguments> badPolicyFolders() throws Exception {
        Path latin1 = Files.createDirectories(dir.resolve("latin1/p"));
        Files.write(latin1.resolve("policy.rego"), new byte[] {'p', 'a', 'c', 'k', (byte) 0xE9});
        Path invalid = Files.createDirectories(dir.resolve("invalid/p"));
        Files.writeString(invalid.resolve("data.json"), "{\"a\": ");
        Path escape = Files.createDirectories(dir.resolve("escape/p"));
        Path outside = Files.writeString(dir.resolve("outside.rego"), "package x\n");
        Files.createSymbolicLink(escape.resolve("leak.rego"), outside);
        Path notRego = Files.createDirectories(dir.resolve("not-rego/p"));
        Files.writeString(notRego.resolve("policy.rego"), "package naftiko.old\n\nallow {\n  input.tier == \"dev\"\n}\n");
        Path corrupt = Files.write(dir.resolve("corrupt.tar.gz"), "not a tarball".getBytes(StandardCharsets.UTF_8));
        return Stream.of(
                Arguments.of(new String[] {"bundle", "build", dir.resolve("latin1").toString(), "-o", dir.resolve("x1").toString(),
                    "--signing-key", key("rsa.pem")}, "build: error: p/policy.rego: not UTF-8 text"),
                Arguments.of(new String[] {"bundle", "build", dir.resolve("invalid").toString(), "-o", dir.resolve("x2").toString(),
                    "--signing-key", key("rsa.pem")}, "build: error: p/data.json: not valid JSON"),
                Arguments.of(new String[] {"bundle", "build", dir.resolve("escape").toString(), "-o", dir.resolve("x3").toString(),
                    "--signing-key", key("rsa.pem")}, "build: error: p/leak.rego: a symbolic link; a policy folder holds plain files only"),
                Arguments.of(new String[] {"bundle", "build", dir.resolve("not-rego").toString(), "-o", dir.resolve("x4").toString(),
                    "--signing-key", key("rsa.pem")}, "build: error: p/policy.rego:3:7: `if` keyword is required before rule body"),
                Arguments.of(new String[] {"bundle", "verify", corrupt.toString(), "--verification-key", key("rsa.pub.pem")},
                    corrupt + ": not a readable tar.gz bundle"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badPolicyFolders")
    void badInputIsNamed(String[] args, String message) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith(message);
        assertThat(run.err()).doesNotContain("\tat ");
    }
}
