package io.naftiko.skipper.operator.bundles;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenSpec;
import io.naftiko.skipper.bundler.BundlePublisher;
import io.naftiko.skipper.bundler.BundleSnapshot;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.OpaConfiguration;
import io.naftiko.skipper.bundler.PublishOutcome;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.signing.SigningKeyRotation;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy bundles as every replica serves them: follows the ConfigMaps labelled {@code naftiko.io/bundle} in Skipper's
 * namespace and publishes a new signed revision within a second of a change, signs with the key the leader keeps in
 * Secret {@code skipper-bundle-signing} (reloaded by {@link #reloadKeys()} on a periodic pass), and answers which
 * bundles a Warden is granted and what its OPA configuration is. Writes nothing to the cluster.
 */
public final class BundleWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BundleWatcher.class);

    private final KubernetesClient client;
    private final Settings settings;
    private final Consumer<PublishOutcome> outcomes;
    private final BundleStore store = new BundleStore();
    private final BundlePublisher publisher;
    private final AtomicReference<SigningKeys> keys = new AtomicReference<>(new SigningKeys(Optional.empty(), Optional.empty()));
    private final ScheduledExecutorService coalescer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bundle-publish");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean publishPending = new AtomicBoolean();
    private SharedIndexInformer<ConfigMap> sources;
    private SharedIndexInformer<Warden> wardens;

    /**
     * Settings.
     *
     * @param namespace      Skipper's namespace: bundle ConfigMaps and the signing key Secret live there
     * @param serviceUrl     the bundle server URL written into Warden configurations
     * @param rotation       how the signing key rotates
     * @param longPoll       the long poll Wardens are configured with
     * @param maxSourceBytes the largest bundle
     * @param decisionLogs   whether Warden configurations send decision logs to Skipper (the audit runs)
     */
    public record Settings(String namespace, String serviceUrl, SigningKeyRotation.Policy rotation, Duration longPoll,
                           long maxSourceBytes, boolean decisionLogs) {
    }

    /** A watcher; nothing runs until {@link #start()}. */
    public BundleWatcher(KubernetesClient client, Settings settings, Consumer<PublishOutcome> outcomes) {
        this.client = client;
        this.settings = settings;
        this.outcomes = outcomes;
        this.publisher = new BundlePublisher(store, () -> keys.get().current().orElseThrow().signing(), settings.maxSourceBytes());
    }

    /** Starts following bundle sources and Wardens; returns once both caches are synced. */
    public void start() {
        reloadKeys();
        ResourceEventHandler<ConfigMap> onSource = new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap configMap) {
                schedulePublish();
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                schedulePublish();
            }

            @Override
            public void onDelete(ConfigMap configMap, boolean unknownFinalState) {
                schedulePublish();
            }
        };
        sources = client.configMaps().inNamespace(settings.namespace()).withLabel(NaftikoLabels.BUNDLE).inform(onSource, 0);
        wardens = client.resources(Warden.class).inAnyNamespace().inform();
        schedulePublish();
    }

    /** Settings, as given. */
    public Settings settings() {
        return settings;
    }

    /** The bundles being served. */
    public BundleStore store() {
        return store;
    }

    /** The signing keys as last read. */
    public SigningKeys keys() {
        return keys.get();
    }

    /** The Wardens, from the cache once started. */
    public List<Warden> wardens() {
        return wardens == null ? client.resources(Warden.class).inAnyNamespace().list().getItems() : wardens.getStore().list();
    }

    /** The bundles a Warden is granted, or empty if no such Warden exists. */
    public Optional<Set<String>> grants(WardenIdentity identity) {
        return warden(identity).map(warden -> new TreeSet<>(granted(warden)));
    }

    /** A Warden's OPA configuration, or empty if no such Warden exists. */
    public Optional<ObjectNode> configuration(WardenIdentity identity) {
        return warden(identity).flatMap(this::configuration);
    }

    /** A Warden's OPA configuration with the keys as last read, or empty while there is no signing key. */
    Optional<ObjectNode> configuration(Warden warden) {
        SigningKeys now = keys.get();
        return now.current().map(current -> OpaConfiguration.of(new OpaConfiguration.Settings(identity(warden), settings.serviceUrl(),
                granted(warden), current.keyId(), now.trusted(), Optional.empty(), settings.longPoll(), settings.decisionLogs())));
    }

    /**
     * Reads the signing key Secret (the leader may have rotated it on another replica) and, if the key signing
     * now changed, publishes every bundle again with it. An API error is thrown for the periodic runner to count.
     */
    public void reloadKeys() {
        SigningKeys read = SigningKeys.from(client.secrets().inNamespace(settings.namespace()).withName(SigningKeys.SECRET).get());
        SigningKeys before = keys.getAndSet(read);
        if (!before.current().map(SigningKeys.Entry::keyId).equals(read.current().map(SigningKeys.Entry::keyId))
                || !before.next().map(SigningKeys.Entry::keyId).equals(read.next().map(SigningKeys.Entry::keyId))) {
            publishNow();
        }
    }

    /** Takes keys this replica just wrote (the leader), so it signs with them without waiting for the next reload. */
    void useKeys(SigningKeys written) {
        keys.set(written);
        publishNow();
    }

    /**
     * Publishes every bundle now, on the caller's thread, and stops serving bundles whose ConfigMaps are gone. One
     * publication at a time, so a removal never races a publication of the same bundle.
     */
    public synchronized void publishNow() {
        if (keys.get().current().isEmpty()) {
            LOG.info("no bundle signing key yet (the leader makes it); bundles wait");
            return;
        }
        List<ConfigMap> configMaps = sources == null ? List.of() : sources.getStore().list();
        Set<String> present = new HashSet<>();
        for (BundleSnapshot snapshot : ConfigMapBundles.snapshots(configMaps)) {
            present.add(snapshot.name());
            PublishOutcome outcome = publisher.publish(snapshot);
            if (outcome.result() != PublishOutcome.Result.UNCHANGED) {
                outcomes.accept(outcome);
            }
        }
        for (String served : store.names()) {
            if (!present.contains(served)) {
                store.remove(served);
                outcomes.accept(new PublishOutcome(served, PublishOutcome.Result.REMOVED, "", "no ConfigMap is labelled "
                        + NaftikoLabels.BUNDLE + "=" + served + " any more"));
            }
        }
    }

    private void schedulePublish() {
        // Coalesces a burst of ConfigMap events (kubectl apply of a folder) into one build.
        if (publishPending.compareAndSet(false, true)) {
            coalescer.schedule(() -> {
                publishPending.set(false);
                try {
                    publishNow();
                } catch (RuntimeException e) {
                    LOG.warn("publishing bundles failed: {}; the next change or key reload tries again", e.getMessage());
                }
            }, 100, TimeUnit.MILLISECONDS);
        }
    }

    private Optional<Warden> warden(WardenIdentity identity) {
        return wardens().stream().filter(w -> identity.equals(identity(w))).findFirst();
    }

    static WardenIdentity identity(Warden warden) {
        return new WardenIdentity(warden.getMetadata().getNamespace(), warden.getMetadata().getName());
    }

    static List<String> granted(Warden warden) {
        return Optional.ofNullable(warden.getSpec()).map(WardenSpec::bundles).orElse(List.of()).stream().sorted().toList();
    }

    @Override
    public void close() {
        coalescer.shutdownNow();
        Optional.ofNullable(sources).ifPresent(SharedIndexInformer::close);
        Optional.ofNullable(wardens).ifPresent(SharedIndexInformer::close);
        store.close();
    }
}
