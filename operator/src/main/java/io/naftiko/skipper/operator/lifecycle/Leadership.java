package io.naftiko.skipper.operator.lifecycle;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Lease, as one owned lifecycle: when this replica acquires the Lease the leader's work starts
 * (on its own thread, never the elector's, so a slow first sync cannot outlast the Lease); when it loses it, all of
 * that work stops at once and the replica campaigns again. fabric8's elector stops for good after one loss, so each
 * campaign is a new elector, in a loop that ends only with {@link #close()}.
 *
 * <p>Why campaign again rather than exit (the Java Operator SDK exits and lets Kubernetes restart the pod): every
 * replica also serves the webhook and the bundle server; exiting would drop those, with {@code failurePolicy: Fail},
 * for the length of a restart, to recover from what is often a short API outage.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    /** The leader's work: started on acquiring the Lease, stopped on losing it; both may be called repeatedly. */
    public interface Work {
        /** Starts every leader-only task; runs on the leadership thread. */
        void start();

        /** Stops every leader-only task at once; must not wait on {@link #start()}. */
        void stop();
    }

    /**
     * Lease timing, as client-go names it.
     *
     * @param leaseDuration how long a Lease holds without renewal
     * @param renewDeadline how long the leader keeps trying to renew before it gives up leading
     * @param retryPeriod   how often candidates try to acquire and the leader renews
     */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

        /** 15 s / 10 s / 2 s, as controller-runtime. */
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String lease;
    private final String identity;
    private final Timing timing;
    private final Work work;
    private final ExecutorService leaderThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "leader-work");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong terms = new AtomicLong();
    private final Thread campaigner;
    private volatile boolean leading;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;

    /** A leadership over Lease {@code namespace/lease}; nothing happens until {@link #start()}. */
    public Leadership(KubernetesClient client, String namespace, String lease, String identity, Timing timing, Work work) {
        this.client = client;
        this.namespace = namespace;
        this.lease = lease;
        this.identity = identity;
        this.timing = timing;
        this.work = work;
        this.campaigner = new Thread(this::campaign, "leader-election");
        campaigner.setDaemon(true);
    }

    /** Starts campaigning; returns at once. */
    public void start() {
        campaigner.start();
    }

    /** Whether this replica leads now. */
    public boolean isLeader() {
        return leading;
    }

    /** How many times this replica has acquired the Lease. */
    public long terms() {
        return terms.get();
    }

    private void campaign() {
        while (!closed) {
            CompletableFuture<?> running = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                    .withName("skipper")
                    .withLock(new LeaseLock(namespace, lease, identity))
                    .withLeaseDuration(timing.leaseDuration())
                    .withRenewDeadline(timing.renewDeadline())
                    .withRetryPeriod(timing.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading,
                            leader -> LOG.info("leader is {}", leader)))
                    .build()).build().start();
            election = running;
            try {
                running.get();
            } catch (CancellationException e) {
                LOG.debug("election cancelled");
            } catch (ExecutionException e) {
                LOG.warn("leader election failed: {}; campaigning again", e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            // Whatever ended the election, no leader work may outlive it.
            stoppedLeading();
            if (!closed) {
                LOG.info("{} is not leading; campaigning again", identity);
                try {
                    Thread.sleep(timing.retryPeriod().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void startedLeading() {
        long term = terms.incrementAndGet();
        leading = true;
        LOG.info("{} leads (term {}): starting the leader's work", identity, term);
        leaderThread.submit(() -> {
            if (!leading || terms.get() != term) {
                return;
            }
            try {
                work.start();
            } catch (RuntimeException | Error e) {
                // Half-started work is worse than none: stop it and let the Lease go, so this or another replica retries.
                LOG.error("{} could not start the leader's work; giving up the Lease", identity, e);
                work.stop();
                Optional.ofNullable(election).ifPresent(running -> running.cancel(true));
            }
        });
    }

    private void stoppedLeading() {
        if (leading) {
            LOG.info("{} lost the Lease: stopping the leader's work", identity);
        }
        leading = false;
        work.stop();
    }

    /** Stops campaigning, stops the leader's work and releases the Lease if held. */
    @Override
    public void close() {
        closed = true;
        Optional.ofNullable(election).ifPresent(running -> running.cancel(true));
        campaigner.interrupt();
        stoppedLeading();
        leaderThread.shutdownNow();
    }
}
