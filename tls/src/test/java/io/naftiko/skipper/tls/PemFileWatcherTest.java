package io.naftiko.skipper.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.certs.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate files replaced on disk are served without a restart; a pair that does not match yet is not. */
class PemFileWatcherTest {

    @TempDir
    Path dir;

    @Test
    void aNewPairOnDiskIsServedAndAHalfWrittenOneIsNot() throws Exception {
        Path certificate = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        SelfSignedTls first = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        SelfSignedTls second = SelfSignedTls.create(List.of("localhost"), SystemClock.utc());
        write(certificate, key, first.serving());
        ReloadableTls tls = new ReloadableTls(PemFileWatcher.read(certificate, key));

        try (PemFileWatcher watcher = new PemFileWatcher(certificate, key, tls, Duration.ofMillis(50))) {
            // Half-way through an update: the new certificate with the old key.
            Files.writeString(certificate, Pem.certificates(second.serving().chain()));
            Thread.sleep(300);
            assertThat(tls.current().chain().get(0)).isEqualTo(first.serving().chain().get(0));

            Files.writeString(key, Pem.privateKey(second.serving().key()));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!tls.current().chain().get(0).equals(second.serving().chain().get(0)) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(tls.current().chain().get(0)).isEqualTo(second.serving().chain().get(0));
        }
    }

    private static void write(Path certificate, Path key, TlsMaterial material) throws Exception {
        Files.writeString(certificate, Pem.certificates(material.chain()));
        Files.writeString(key, Pem.privateKey(material.key()));
    }
}
