package io.naftiko.skipper.bundler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.certs.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundleBuilderTest {

    static final Instant IAT = Instant.parse("2026-11-22T00:00:00Z");

    static Path opa() {
        return Fixtures.shared().resolve("opa");
    }

    static Map<String, byte[]> source(String name) throws Exception {
        Path root = opa().resolve("src").resolve(name);
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "RS256, rsa.pem, rsa.pub.pem",
        "PS256, rsa.pem, rsa.pub.pem",
        "ES256, ec.pem,  ec.pub.pem",
    })
    void whatWeSignVerifiesAndItsHashesAreOpas(String algorithm, String privateKey, String publicKey) throws Exception {
        SigningKey signing = new SigningKey(Pem.readPrivateKey(Files.readString(opa().resolve("keys").resolve(privateKey))),
                algorithm, "fleet-2026", Optional.of("write"));

        byte[] bundle = BundleBuilder.build(source("tricky"), List.of("tricky"), "", signing, IAT);

        Map<String, byte[]> files = BundleArchive.read(bundle);
        Map<String, String> signed = BundleVerifier.verify(files, new VerificationKey(
                Pem.readPublicKey(Files.readString(opa().resolve("keys").resolve(publicKey))), algorithm,
                Optional.of("fleet-2026"), Optional.of("write")));
        // The same files, hashed by OPA itself when it signed them one by one.
        Map<String, String> opas = BundleVerifier.verify(BundleArchive.read(Files.readAllBytes(
                opa().resolve("bundles/tricky-signed-perfile.tar.gz"))), new VerificationKey(
                Pem.readPublicKey(Files.readString(opa().resolve("keys/rsa.pub.pem"))), "RS256", Optional.empty(), Optional.empty()));
        for (String path : List.of("tricky/data.json", "tricky/deep/er/data.yaml", "tricky/policy.rego")) {
            assertThat(signed.get(path)).as(path).isEqualTo(opas.get(path));
        }
        assertThat(signed.get("tricky/policy.rego")).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(files.get("tricky/policy.rego"))));
        assertThat(new String(files.get(".manifest"), StandardCharsets.UTF_8)).matches("\\{\"revision\":\"[0-9a-f]{16}\",\"roots\":\\[\"tricky\"]}");
    }

    @Test
    void theSameInputGivesTheSameBytes() throws Exception {
        SigningKey signing = new SigningKey(Pem.readPrivateKey(Files.readString(opa().resolve("keys/rsa.pem"))), "RS256", "k",
                Optional.empty());
        assertThat(BundleBuilder.build(source("basic"), List.of("naftiko"), "", signing, IAT))
                .isEqualTo(BundleBuilder.build(source("basic"), List.of("naftiko"), "", signing, IAT));
    }

    @Test
    void aFileChangedAfterSigningIsCaught() throws Exception {
        SigningKey signing = new SigningKey(Pem.readPrivateKey(Files.readString(opa().resolve("keys/ec.pem"))), "ES256", "k",
                Optional.empty());
        Map<String, byte[]> files = BundleArchive.read(BundleBuilder.build(source("basic"), List.of("naftiko"), "r1", signing, IAT));
        files.put("naftiko/tier/policy.rego", "package naftiko.tier\nallow := true\n".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> BundleVerifier.verify(files, new VerificationKey(
                Pem.readPublicKey(Files.readString(opa().resolve("keys/ec.pub.pem"))), "ES256", Optional.of("k"), Optional.empty())))
                .hasMessage("naftiko/tier/policy.rego: digest mismatch");
    }

    @Test
    void invalidDataIsNamed() throws Exception {
        SigningKey signing = new SigningKey(Pem.readPrivateKey(Files.readString(opa().resolve("keys/rsa.pem"))), "RS256", "k",
                Optional.empty());
        assertThatThrownBy(() -> BundleBuilder.build(Map.of("a/data.json", "{\"x\": ".getBytes(StandardCharsets.UTF_8)),
                List.of("a"), "", signing, IAT)).isInstanceOf(BundleException.class).hasMessageStartingWith("a/data.json: not valid JSON");
    }
}
