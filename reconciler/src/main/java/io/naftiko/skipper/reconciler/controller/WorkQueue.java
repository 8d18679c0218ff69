package io.naftiko.skipper.reconciler.controller;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A work queue of keys, as controllers use: a key waiting is queued once however often it is added;
 * a key being processed is never handed to a second worker, and if it is added meanwhile it is
 * processed again once done; failures are retried after an exponential backoff with jitter.
 */
public final class WorkQueue {

    private final Object lock = new Object();
    private final LinkedHashSet<String> ready = new LinkedHashSet<>();
    private final Set<String> processing = new HashSet<>();
    private final Set<String> dirty = new HashSet<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private final DelayQueue<Delayed> delayed = new DelayQueue<>();
    private final Backoff backoff;
    private final Thread mover;
    private boolean shutDown;

    /** A queue retrying with the given backoff. */
    public WorkQueue(Backoff backoff) {
        this.backoff = backoff;
        this.mover = new Thread(this::moveDueKeys, "workqueue-delays");
        mover.setDaemon(true);
        mover.start();
    }

    /** Queues a key now (once, however often it is added before a worker takes it). */
    public void add(String key) {
        synchronized (lock) {
            if (shutDown) {
                return;
            }
            if (processing.contains(key)) {
                dirty.add(key);
                return;
            }
            if (ready.add(key)) {
                lock.notifyAll();
            }
        }
    }

    /** Queues a key after a delay (a periodic resync, a dependency expected to appear). */
    public void addAfter(String key, Duration delay) {
        delayed.add(new DelayedKey(key, System.nanoTime() + delay.toNanos()));
    }

    /** The next key, waiting for one; empty once the queue is shut down. */
    public Optional<String> take() throws InterruptedException {
        synchronized (lock) {
            while (ready.isEmpty() && !shutDown) {
                lock.wait();
            }
            if (shutDown) {
                return Optional.empty();
            }
            String key = ready.iterator().next();
            ready.remove(key);
            processing.add(key);
            return Optional.of(key);
        }
    }

    /** A key was processed successfully: its failure count is forgotten. */
    public void succeeded(String key) {
        synchronized (lock) {
            failures.remove(key);
            finish(key);
        }
    }

    /** A key failed: it is retried after the backoff for its number of failures; returns that delay. */
    public Duration failed(String key) {
        Duration delay;
        synchronized (lock) {
            int count = failures.merge(key, 1, Integer::sum);
            delay = backoff.delay(count, ThreadLocalRandom.current().nextDouble());
            finish(key);
        }
        addAfter(key, delay);
        return delay;
    }

    /**
     * A worker is done with a key, however it ended: if neither {@link #succeeded} nor {@link #failed} released it
     * (an Error escaped), it is released now, so it is never left marked in progress.
     */
    public void done(String key) {
        synchronized (lock) {
            if (processing.contains(key)) {
                finish(key);
            }
        }
    }

    /** How often a key has failed in a row. */
    public int failures(String key) {
        synchronized (lock) {
            return failures.getOrDefault(key, 0);
        }
    }

    /** Stops handing out keys; workers blocked in {@link #take()} return empty. */
    public void shutDown() {
        synchronized (lock) {
            shutDown = true;
            lock.notifyAll();
        }
        mover.interrupt();
    }

    private void finish(String key) {
        processing.remove(key);
        if (dirty.remove(key)) {
            ready.add(key);
            lock.notifyAll();
        }
    }

    private void moveDueKeys() {
        try {
            while (true) {
                DelayedKey due = (DelayedKey) delayed.take();
                add(due.key);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record DelayedKey(String key, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
