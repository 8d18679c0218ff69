package io.naftiko.skipper.operator.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every recurring task of the operator runs here, guarded: a pass that throws anything is logged once per streak of
 * failures (and again when it recovers), counted in {@code skipper_pass_failures_total{pass}}, and run again on the
 * next tick. A plain {@code scheduleWithFixedDelay} stops for good after one exception; this never does.
 */
public final class PeriodicRunner implements AutoCloseable {

    /** Name of the failure counter. */
    public static final String FAILURES_METRIC = "skipper_pass_failures_total";
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicRunner.class);

    private final ScheduledExecutorService scheduler;
    private final MeterRegistry registry;

    /** A runner with {@code threads} threads, counting failures into {@code registry}. */
    public PeriodicRunner(int threads, MeterRegistry registry) {
        this.registry = registry;
        this.scheduler = Executors.newScheduledThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "skipper-pass");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Runs {@code work} every {@code period} (after {@code initialDelay}), guarded.
     *
     * @param pass short name for logs and the metric label, e.g. {@code certificates}
     */
    public Pass schedule(String pass, Duration initialDelay, Duration period, Runnable work) {
        Pass guarded = new Pass(pass, work, Counter.builder(FAILURES_METRIC).description("Periodic passes that failed, by pass")
                .tag("pass", pass).register(registry));
        guarded.future = scheduler.scheduleWithFixedDelay(guarded::runOnce, initialDelay.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return guarded;
    }

    /** A group of passes that start and stop together (the leader's work). */
    public Group group() {
        return new Group();
    }

    /** Stops every pass; one running now finishes. */
    @Override
    public void close() {
        // Not shutdownNow: interrupting a pass mid-call would fail it and log a warning on every clean stop.
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One scheduled, guarded pass. */
    public static final class Pass {
        private final String name;
        private final Runnable work;
        private final Counter failures;
        private final AtomicLong runs = new AtomicLong();
        private volatile ScheduledFuture<?> future;
        private int streak;

        private Pass(String name, Runnable work, Counter failures) {
            this.name = name;
            this.work = work;
            this.failures = failures;
        }

        /**
         * Runs the work once, on the caller's thread, with the same guard as a scheduled run. Returns whether it
         * succeeded. Tests drive passes with it, tick by tick.
         */
        public synchronized boolean runOnce() {
            runs.incrementAndGet();
            try {
                work.run();
                if (streak > 0) {
                    LOG.info("{} pass recovered after {} failed run(s)", name, streak);
                    streak = 0;
                }
                return true;
            } catch (Throwable e) {
                // Everything, Errors included: the next tick must run. Interrupts are kept for the pool.
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failures.increment();
                if (streak == 0) {
                    LOG.warn("{} pass failed, retrying on the next tick (logged once until it recovers): {}", name, describe(e));
                } else {
                    LOG.debug("{} pass failed again ({} in a row): {}", name, streak + 1, describe(e));
                }
                streak++;
                return false;
            }
        }

        /** How many times it has run, successfully or not. */
        public long runs() {
            return runs.get();
        }

        /** Whether it is still scheduled. */
        public boolean isScheduled() {
            ScheduledFuture<?> scheduled = future;
            return scheduled != null && !scheduled.isDone();
        }

        /** Unschedules it; a run in progress finishes. */
        public void cancel() {
            ScheduledFuture<?> scheduled = future;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
        }

        private static String describe(Throwable e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Passes scheduled together and cancelled together. */
    public final class Group {
        private final List<Pass> passes = new ArrayList<>();

        /** Schedules a pass in this group. */
        public synchronized Pass schedule(String pass, Duration initialDelay, Duration period, Runnable work) {
            Pass scheduled = PeriodicRunner.this.schedule(pass, initialDelay, period, work);
            passes.add(scheduled);
            return scheduled;
        }

        /** Cancels every pass of the group at once. */
        public synchronized void cancelAll() {
            passes.forEach(Pass::cancel);
            passes.clear();
        }

        /** How many of its passes are scheduled. */
        public synchronized long scheduled() {
            return passes.stream().filter(Pass::isScheduled).count();
        }
    }
}
