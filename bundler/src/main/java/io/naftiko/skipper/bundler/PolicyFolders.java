package io.naftiko.skipper.bundler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A folder of bundles ({@code bundle serve --policies DIR}): each sub-folder is one bundle, named after it.
 * It is looked at every {@code interval}; a sub-folder whose files changed (names, sizes or modification
 * times) is published again, and a sub-folder that disappears stops being served.
 */
public final class PolicyFolders implements AutoCloseable {

    private final Path root;
    private final BundlePublisher publisher;
    private final BundleStore store;
    private final Consumer<PublishOutcome> report;
    private final Map<String, String> fingerprints = new HashMap<>();
    private final AtomicLong unreadableLooks = new AtomicLong();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "policy-folder-watcher");
        thread.setDaemon(true);
        return thread;
    });

    /** Publishes every bundle once now; call {@link #watch(Duration)} to follow changes. */
    public PolicyFolders(Path root, BundlePublisher publisher, BundleStore store, Consumer<PublishOutcome> report) {
        this.root = root;
        this.publisher = publisher;
        this.store = store;
        this.report = report;
        scan();
    }

    /** Looks at the folder every {@code interval} from now on. */
    public void watch(Duration interval) {
        poller.scheduleWithFixedDelay(this::scan, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One look: publishes what changed, stops serving what is gone. */
    public synchronized void scan() {
        Set<String> seen = new HashSet<>();
        for (Path folder : bundleFolders()) {
            String name = folder.getFileName().toString();
            seen.add(name);
            String fingerprint = fingerprint(folder);
            if (fingerprint.equals(fingerprints.get(name))) {
                continue;
            }
            fingerprints.put(name, fingerprint);
            try {
                report.accept(publisher.publish(DirectorySource.snapshot(name, folder)));
            } catch (BundleException e) {
                report.accept(publisher.reject(name, e.getMessage()));
            }
        }
        for (String gone : new HashSet<>(fingerprints.keySet())) {
            if (!seen.contains(gone)) {
                fingerprints.remove(gone);
                store.remove(gone);
                report.accept(new PublishOutcome(gone, PublishOutcome.Result.REMOVED, "", "its folder is gone"));
            }
        }
    }

    private List<Path> bundleFolders() {
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Names, sizes and modification times of everything under a folder, links themselves rather than what they point
     * to: cheap to take, and changes with any edit. A file that cannot be read counts by its name and the reason, never
     * as one constant, so a dangling or looping link cannot hide later edits of other files.
     */
    private String fingerprint(Path folder) {
        StringBuilder fingerprint = new StringBuilder();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.sorted().toList()) {
                fingerprint.append(folder.relativize(file)).append('\0');
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    fingerprint.append(attributes.size()).append('\0').append(attributes.lastModifiedTime().toMillis())
                            .append(attributes.isSymbolicLink() ? "\0link" : "");
                } catch (IOException e) {
                    fingerprint.append("unreadable ").append(e.getClass().getSimpleName());
                }
                fingerprint.append('\n');
            }
        } catch (IOException | UncheckedIOException e) {
            // Half-way through a change: a value never seen before, so the next look publishes again.
            return "unreadable:" + unreadableLooks.incrementAndGet();
        }
        return fingerprint.toString();
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
