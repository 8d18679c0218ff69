package io.naftiko.skipper.bundler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A folder of bundles as {@code bundle serve} follows it: good changes are served, bad ones are refused by name. */
class PolicyFoldersTest {

    @TempDir
    Path root;
    @TempDir
    Path outside;

    final BundleStore store = new BundleStore();
    final List<PublishOutcome> outcomes = new CopyOnWriteArrayList<>();

    BundlePublisher publisher(long maxBytes) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        SigningKey key = new SigningKey(generator.generateKeyPair().getPrivate(), "ES256", "k1", Optional.empty());
        return new BundlePublisher(store, () -> key, maxBytes);
    }

    Path write(String path, byte[] content) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    Path write(String path, String content) throws Exception {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A way to break a good folder, and the message that must name what is wrong. */
    interface Breakage {
        void apply(PolicyFoldersTest test) throws Exception;
    }

    static Stream<Arguments> badFolders() {
        return Stream.of(
                Arguments.of("a .rego that is not UTF-8", (Breakage) t -> t.write("tier/naftiko/bad.rego",
                        new byte[] {'p', 'a', (byte) 0xC3, (byte) 0x28}), "naftiko/bad.rego: not UTF-8 text"),
                Arguments.of("data.json that does not parse", (Breakage) t -> t.write("tier/naftiko/data.json", "{\"tiers\": [1,"),
                        "naftiko/data.json: not valid JSON"),
                Arguments.of("data.yaml that does not parse", (Breakage) t -> t.write("tier/naftiko/data.yaml", "a: [1, 2\n"),
                        "naftiko/data.yaml: not valid YAML"),
                Arguments.of("a link leaving the folder", (Breakage) t -> Files.createSymbolicLink(t.root.resolve("tier/naftiko/escape.rego"),
                        Files.writeString(t.outside.resolve("secret.rego"), "package secret\n")),
                        "naftiko/escape.rego: a symbolic link; a policy folder holds plain files only"),
                Arguments.of("a dangling link", (Breakage) t -> Files.createSymbolicLink(t.root.resolve("tier/naftiko/gone.rego"),
                        t.outside.resolve("nothing-here.rego")), "naftiko/gone.rego: a symbolic link"),
                Arguments.of("a link to itself", (Breakage) t -> Files.createSymbolicLink(t.root.resolve("tier/naftiko/loop.rego"),
                        t.root.resolve("tier/naftiko/loop.rego")), "naftiko/loop.rego: a symbolic link"),
                Arguments.of("a sparse 1 GiB data.json", (Breakage) t -> sparse(t.root.resolve("tier/naftiko/data.json"), 1L << 30),
                        "naftiko/data.json: 1073741824 bytes; the policy folder may hold 64 MiB in all"),
                Arguments.of("a file name with a backslash", (Breakage) t -> t.write("tier/naftiko/a\\b.rego", "package ab\n"),
                        "naftiko/a\\b.rego: a file name with a backslash"),
                Arguments.of("a file name with a newline", (Breakage) t -> t.write("tier/naftiko/forged\nline.rego", "package f\n"),
                        "naftiko/forged?line.rego: a file name with a backslash, a control character or a quote"),
                Arguments.of("a bundle over the size limit", (Breakage) t -> t.write("tier/naftiko/big.rego",
                        "package big\n# " + "x".repeat(70_000) + "\n"), "bundle tier: its files take"));
    }

    static void sparse(Path file, long size) throws Exception {
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(size);
        }
    }

    @Test
    void aDanglingLinkNeverHidesLaterEditsAndGoingAwayPublishesThem() throws Exception {
        Path policy = write("tier/naftiko/policy.rego", "package naftiko.tier\n\nallow := true\n");
        PolicyFolders folders = new PolicyFolders(root, publisher(1024 * 1024), store, outcomes::add);
        Path link = Files.createSymbolicLink(root.resolve("tier/naftiko/gone.rego"), outside.resolve("nothing-here.rego"));
        folders.scan();
        assertThat(outcomes).last().satisfies(o -> assertThat(o.message()).startsWith("naftiko/gone.rego: a symbolic link"));

        // An edit while the link is there is looked at again (and refused by name again), not ignored.
        Files.writeString(policy, "package naftiko.tier\n\nallow := false\n");
        folders.scan();
        assertThat(outcomes).filteredOn(o -> o.result() == PublishOutcome.Result.REJECTED).hasSize(2);

        Files.delete(link);
        Files.writeString(root.resolve("tier/naftiko/other.rego"), "package naftiko.other\n");
        folders.scan();
        assertThat(outcomes).last().satisfies(o -> assertThat(o.result()).isEqualTo(PublishOutcome.Result.PUBLISHED));
        assertThat(BundleArchive.read(store.current("tier").orElseThrow().bytes())).containsKeys("naftiko/other.rego");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFolders")
    void aBadChangeIsRefusedByNameAndTheLastGoodRevisionStaysServed(String name, Breakage breakage, String message) throws Exception {
        write("tier/naftiko/policy.rego", "package naftiko.tier\n\nallow := true\n");
        PolicyFolders folders = new PolicyFolders(root, publisher(64 * 1024), store, outcomes::add);
        ServedBundle good = store.current("tier").orElseThrow();
        long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();

        breakage.apply(this);
        folders.scan();

        assertThat(outcomes).last().satisfies(outcome -> {
            assertThat(outcome.result()).isEqualTo(PublishOutcome.Result.REJECTED);
            assertThat(outcome.message()).contains(message).endsWith("(still serving revision " + good.revision() + ")");
        });
        assertThat(store.current("tier")).containsSame(good);
        assertThat(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() - heapBefore)
                .as("nothing large was read").isLessThan(256L * 1024 * 1024);
    }

    @Test
    void aChangedFileIsANewRevisionAndAnUnchangedFolderIsNot() throws Exception {
        Path policy = write("tier/naftiko/policy.rego", "package naftiko.tier\n\nallow := true\n");
        PolicyFolders folders = new PolicyFolders(root, publisher(1024 * 1024), store, outcomes::add);
        ServedBundle first = store.current("tier").orElseThrow();

        folders.scan();
        assertThat(store.current("tier")).containsSame(first);

        Files.writeString(policy, "package naftiko.tier\n\nallow := false\n");
        Files.setLastModifiedTime(policy, FileTime.fromMillis(Files.getLastModifiedTime(policy).toMillis() + 2000));
        folders.scan();
        ServedBundle second = store.current("tier").orElseThrow();

        assertThat(second.revision()).isNotEqualTo(first.revision());
        assertThat(second.etag()).isNotEqualTo(first.etag());
        assertThat(outcomes).extracting(PublishOutcome::result)
                .containsExactly(PublishOutcome.Result.PUBLISHED, PublishOutcome.Result.PUBLISHED);
    }

    @Test
    void theSameFilesGiveTheSameBytesAndEtagInTwoServers() throws Exception {
        write("tier/naftiko/policy.rego", "package naftiko.tier\n\nallow := true\n");
        write("tier/naftiko/data.json", "{\"tiers\": [\"dev\", \"premium\"]}");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        // RS256 signatures are deterministic, as every replica's must be for one ETag.
        SigningKey rsa = new SigningKey(generator.generateKeyPair().getPrivate(), "RS256", "k1", Optional.empty());
        BundleStore other = new BundleStore();

        new PolicyFolders(root, new BundlePublisher(store, () -> rsa, 1024 * 1024), store, outcomes::add);
        new PolicyFolders(root, new BundlePublisher(other, () -> rsa, 1024 * 1024), other, outcomes::add);

        ServedBundle here = store.current("tier").orElseThrow();
        ServedBundle there = other.current("tier").orElseThrow();
        assertThat(there.etag()).isEqualTo(here.etag());
        assertThat(there.bytes()).isEqualTo(here.bytes());
    }

    @Test
    void aFolderThatDisappearsStopsBeingServed() throws Exception {
        write("tier/naftiko/policy.rego", "package naftiko.tier\n");
        write("audit/naftiko/audit.rego", "package naftiko.audit\n");
        PolicyFolders folders = new PolicyFolders(root, publisher(1024 * 1024), store, outcomes::add);
        assertThat(store.names()).containsExactly("audit", "tier");

        try (Stream<Path> walk = Files.walk(root.resolve("audit"))) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        folders.scan();

        assertThat(store.names()).containsExactly("tier");
        assertThat(outcomes).last().extracting(PublishOutcome::result).isEqualTo(PublishOutcome.Result.REMOVED);
    }
}
