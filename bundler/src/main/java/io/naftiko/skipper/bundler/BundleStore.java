package io.naftiko.skipper.bundler;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The revisions being served, and the long polls waiting for the next one. A waiting poll is a future,
 * not a thread: one timer thread releases those whose wait ran out, and a new revision releases every
 * poll of its bundle at once.
 */
public final class BundleStore implements AutoCloseable {

    private final Map<String, ServedBundle> served = new ConcurrentHashMap<>();
    private final Map<String, Set<CompletableFuture<Optional<ServedBundle>>>> waiting = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread thread = new Thread(runnable, "bundle-long-poll-timer");
        thread.setDaemon(true);
        return thread;
    });

    /** A store with nothing served. */
    public BundleStore() {
        // Polls released early by a new revision take their timeouts out of the timer's queue.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** The revision served for a bundle, if any. */
    public Optional<ServedBundle> current(String name) {
        return Optional.ofNullable(served.get(name));
    }

    /** The names of the bundles served. */
    public Set<String> names() {
        return new TreeSet<>(served.keySet());
    }

    /** Serves a new revision and releases every poll waiting on its bundle. */
    public void publish(ServedBundle bundle) {
        served.put(bundle.name(), bundle);
        release(bundle.name());
    }

    /** Stops serving a bundle whose sources are gone; waiting polls are answered at once. */
    public void remove(String name) {
        if (served.remove(name) != null) {
            release(name);
        }
    }

    /**
     * The bundle once its entity tag differs from {@code etag}: at once if it already does, else when a new
     * revision is published or after {@code wait}, whichever comes first (then with what is served).
     */
    public CompletableFuture<Optional<ServedBundle>> awaitChange(String name, String etag, Duration wait) {
        Optional<ServedBundle> now = current(name);
        if (now.isEmpty() || !now.get().etag().equals(etag) || wait.isZero() || wait.isNegative()) {
            return CompletableFuture.completedFuture(now);
        }
        CompletableFuture<Optional<ServedBundle>> poll = new CompletableFuture<>();
        Set<CompletableFuture<Optional<ServedBundle>>> polls = waiting.computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet());
        polls.add(poll);
        // A revision published between the first look and registering must not be missed.
        Optional<ServedBundle> after = current(name);
        if (!after.equals(now)) {
            polls.remove(poll);
            poll.complete(after);
            return poll;
        }
        ScheduledFuture<?> timeout = timer.schedule(() -> {
            polls.remove(poll);
            poll.complete(current(name));
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        poll.whenComplete((bundle, error) -> timeout.cancel(false));
        return poll;
    }

    /** How many polls are waiting, over all bundles. */
    public int waitingPolls() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private void release(String name) {
        Set<CompletableFuture<Optional<ServedBundle>>> polls = waiting.get(name);
        if (polls == null) {
            return;
        }
        Optional<ServedBundle> now = current(name);
        for (CompletableFuture<Optional<ServedBundle>> poll : polls) {
            if (polls.remove(poll)) {
                poll.complete(now);
            }
        }
    }

    /** Answers every poll held with what is served now, as a server stopping does. */
    public void releaseAll() {
        waiting.keySet().forEach(this::release);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        releaseAll();
    }
}
