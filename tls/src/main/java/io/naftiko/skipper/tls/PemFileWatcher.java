package io.naftiko.skipper.tls;

import io.naftiko.skipper.certs.PemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a certificate and key file pair (as mounted from a Secret, which Kubernetes swaps
 * atomically) and hands every new, readable pair to a {@link ReloadableTls}. A half-written or
 * mismatched pair is skipped and tried again at the next poll.
 */
public final class PemFileWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PemFileWatcher.class);

    private final Path certificate;
    private final Path key;
    private final ReloadableTls tls;
    private final ScheduledExecutorService poller;
    private String lastSeen;

    /** Starts watching; the files are read once now and then every {@code interval}. */
    public PemFileWatcher(Path certificate, Path key, ReloadableTls tls, Duration interval) {
        this.certificate = certificate;
        this.key = key;
        this.tls = tls;
        this.lastSeen = snapshot();
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tls-file-watcher");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads a certificate and key pair from files. */
    public static TlsMaterial read(Path certificate, Path key) throws IOException, PemException {
        return TlsMaterial.fromPem(Files.readString(certificate), Files.readString(key));
    }

    private void poll() {
        String now = snapshot();
        if (now == null || now.equals(lastSeen)) {
            return;
        }
        try {
            TlsMaterial material = read(certificate, key);
            if (!material.keyMatchesCertificate()) {
                LOG.warn("{} and {} do not belong together yet; waiting for the next poll", certificate, key);
                return;
            }
            tls.update(material);
            lastSeen = now;
        } catch (IOException | PemException e) {
            LOG.warn("cannot read the new serving certificate yet ({}); waiting for the next poll", e.getMessage());
        }
    }

    private String snapshot() {
        try {
            return Files.readString(certificate) + "\u0000" + Files.readString(key);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
