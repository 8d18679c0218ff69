package io.naftiko.skipper.reconciler.bundles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenSpec;
import io.naftiko.skipper.api.v1alpha3.WardenStatus;
import io.naftiko.skipper.bundler.BundlePublisher;
import io.naftiko.skipper.bundler.BundleSnapshot;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.OpaConfiguration;
import io.naftiko.skipper.bundler.PublishOutcome;
import io.naftiko.skipper.bundler.StatusReport;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.signing.SigningKeyDecision;
import io.naftiko.skipper.bundler.signing.SigningKeyRotation;
import io.naftiko.skipper.reconciler.controller.OperatorEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policy bundles in the cluster. On every replica: follows the ConfigMaps labelled {@code naftiko.io/bundle}
 * in Skipper's namespace and publishes a new signed revision within a second of a change, answers which
 * bundles a Warden is granted and what its OPA configuration is, and records Warden status reports. On the
 * leader ({@link #leaderPass()}): rotates the signing key (the next public key reaches every Warden
 * configuration before it signs) and writes each Warden's ConfigMap {@code {name}-warden-config}.
 */
public final class BundleManager implements AutoCloseable {

    /** Suffix of a Warden's configuration ConfigMap. */
    public static final String CONFIG_SUFFIX = "-warden-config";
    /** Key of the OPA configuration in that ConfigMap. */
    public static final String CONFIG_KEY = "config.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(BundleManager.class);
    private static final int MAX_INSTANCES = 50;
    private static final Duration REPORT_REFRESH = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final Settings settings;
    private final Clock clock;
    private final Consumer<PublishOutcome> outcomes;
    private final BundleStore store = new BundleStore();
    private final BundlePublisher publisher;
    private final AtomicReference<SigningKeys> keys = new AtomicReference<>(new SigningKeys(Optional.empty(), Optional.empty()));
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bundle-manager");
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
     */
    public record Settings(String namespace, String serviceUrl, SigningKeyRotation.Policy rotation, Duration longPoll,
                           long maxSourceBytes) {
    }

    /** A manager; nothing runs until {@link #start()}. */
    public BundleManager(KubernetesClient client, Settings settings, Clock clock, Consumer<PublishOutcome> outcomes) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
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
        // Picks up a signing key the leader rotated on another replica.
        worker.scheduleWithFixedDelay(() -> {
            if (reloadKeys()) {
                publishNow();
            }
        }, 10, 10, TimeUnit.SECONDS);
        schedulePublish();
    }

    /** The bundles being served. */
    public BundleStore store() {
        return store;
    }

    /** The bundles a Warden is granted, or empty if no such Warden exists. */
    public Optional<Set<String>> grants(WardenIdentity identity) {
        return warden(identity).map(warden -> new TreeSet<>(granted(warden)));
    }

    /** A Warden's OPA configuration, or empty if no such Warden exists. */
    public Optional<ObjectNode> configuration(WardenIdentity identity) {
        return warden(identity).flatMap(this::configuration);
    }

    private Optional<ObjectNode> configuration(Warden warden) {
        SigningKeys now = keys.get();
        return now.current().map(current -> OpaConfiguration.of(new OpaConfiguration.Settings(identity(warden), settings.serviceUrl(),
                granted(warden), current.keyId(), now.trusted(), Optional.empty(), settings.longPoll())));
    }

    /**
     * The leader's pass: the signing key's rotation, then every Warden's configuration ConfigMap and Ready
     * condition. Returns what changed.
     */
    public List<OperatorEvent> leaderPass() {
        List<OperatorEvent> events = new ArrayList<>();
        reloadKeys();
        rotateSigningKey(events);
        for (Warden warden : wardenList()) {
            try {
                writeConfiguration(warden, events);
            } catch (KubernetesClientException e) {
                LOG.warn("Warden {}: cannot write its configuration: {}", identity(warden), e.getMessage());
            }
        }
        return events;
    }

    private void rotateSigningKey(List<OperatorEvent> events) {
        SigningKeys stored = keys.get();
        boolean nextEverywhere = stored.next().map(next -> wardenList().stream().allMatch(warden -> storedConfiguration(warden)
                .map(OpaConfiguration::trustedKeyIds).orElse(List.of()).contains(next.keyId()))).orElse(false);
        SigningKeyDecision decision = SigningKeyRotation.decide(stored.current().map(SigningKeys.Entry::stored),
                stored.next().map(SigningKeys.Entry::stored), nextEverywhere, settings.rotation(), clock);
        if (!decision.changes()) {
            return;
        }
        Instant now = clock.instant();
        SigningKeys updated = switch (decision.action()) {
            case CREATE -> new SigningKeys(Optional.of(SigningKeys.Entry.generate(now)), Optional.empty());
            case PREPARE_NEXT -> new SigningKeys(stored.current(), Optional.of(SigningKeys.Entry.generate(now)));
            case SIGN_WITH_NEXT -> new SigningKeys(stored.next(), Optional.empty());
            case NOOP -> stored;
        };
        Secret secret = updated.toSecret(settings.namespace());
        Secret existing = client.secrets().inNamespace(settings.namespace()).withName(SigningKeys.SECRET).get();
        if (existing == null) {
            client.secrets().inNamespace(settings.namespace()).resource(secret).create();
        } else {
            secret.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.secrets().inNamespace(settings.namespace()).resource(secret).update();
        }
        keys.set(updated);
        events.add(new OperatorEvent("Secret " + settings.namespace() + "/" + SigningKeys.SECRET, decision.reason(),
                decision.action() + ": " + decision.message()));
        publishNow();
    }

    private void writeConfiguration(Warden warden, List<OperatorEvent> events) {
        Optional<ObjectNode> desired = configuration(warden);
        if (desired.isEmpty()) {
            return;
        }
        String namespace = warden.getMetadata().getNamespace();
        String name = warden.getMetadata().getName() + CONFIG_SUFFIX;
        String yaml;
        try {
            yaml = Mappers.yaml().writeValueAsString(desired.get());
        } catch (JsonProcessingException e) {
            // The JSON form is YAML too; OPA reads either.
            yaml = desired.get().toPrettyString();
        }
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER)
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Capability.API_VERSION).withKind("Warden")
                        .withName(warden.getMetadata().getName()).withUid(warden.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .endMetadata().addToData(CONFIG_KEY, yaml).build();
        ConfigMap existing = client.configMaps().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            client.configMaps().inNamespace(namespace).resource(configMap).create();
            events.add(new OperatorEvent("ConfigMap " + namespace + "/" + name, "ConfigurationCreated", "OPA configuration for Warden "
                    + identity(warden) + " with bundles " + granted(warden)));
        } else if (!Objects.equals(existing.getData(), configMap.getData())) {
            configMap.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.configMaps().inNamespace(namespace).resource(configMap).update();
            events.add(new OperatorEvent("ConfigMap " + namespace + "/" + name, "ConfigurationUpdated", "OPA configuration for Warden "
                    + identity(warden) + " now trusts keys " + keys.get().trusted().stream().map(OpaConfiguration.PublicKeyEntry::keyId)
                    .toList()));
        }
        readyCondition(warden);
    }

    private void readyCondition(Warden warden) {
        List<String> missing = granted(warden).stream().filter(bundle -> store.current(bundle).isEmpty()).toList();
        Condition ready = new ConditionBuilder().withType("Ready")
                .withStatus(missing.isEmpty() ? "True" : "False")
                .withReason(missing.isEmpty() ? "BundlesServed" : "BundleNotServed")
                .withMessage(missing.isEmpty() ? "configuration in ConfigMap " + warden.getMetadata().getName() + CONFIG_SUFFIX
                        + "; granted bundles are served" : "granted bundles not served (no ConfigMap labelled naftiko.io/bundle): " + missing)
                .withObservedGeneration(warden.getMetadata().getGeneration())
                .build();
        WardenStatus status = warden.getStatus();
        Optional<Condition> current = Optional.ofNullable(status).map(WardenStatus::conditions).orElse(List.of()).stream()
                .filter(condition -> condition.getType().equals("Ready")).findFirst();
        if (current.isPresent() && current.get().getStatus().equals(ready.getStatus()) && current.get().getMessage().equals(ready.getMessage())) {
            return;
        }
        ready.setLastTransitionTime(current.filter(c -> c.getStatus().equals(ready.getStatus())).map(Condition::getLastTransitionTime)
                .orElse(clock.instant().toString()));
        editStatus(warden, old -> new WardenStatus(old.certificateNotAfter(), old.instances(), warden.getMetadata().getGeneration(),
                List.of(ready)));
    }

    /** Records a status report on the Warden's status; unchanged reports are written at most every few minutes. */
    public synchronized void record(StatusReport report) {
        Optional<Warden> warden = warden(report.warden());
        if (warden.isEmpty()) {
            return;
        }
        List<String> errors = report.errors().isEmpty() ? null : report.errors();
        boolean unchanged = Optional.ofNullable(warden.get().getStatus()).map(WardenStatus::instances).orElse(List.of()).stream()
                .anyMatch(known -> known.id().equals(report.instanceId()) && known.activeRevisions().equals(report.activeRevisions())
                        && Objects.equals(known.errors(), errors)
                        && Instant.parse(known.lastReport()).plus(REPORT_REFRESH).isAfter(report.receivedAt()));
        if (unchanged) {
            return;
        }
        try {
            // Built from the latest status, not the cache: reports from several instances arrive together.
            editStatus(warden.get(), old -> {
                List<WardenStatus.Instance> instances = new ArrayList<>(Optional.ofNullable(old.instances()).orElse(List.of()));
                instances.removeIf(instance -> instance.id().equals(report.instanceId()));
                instances.add(new WardenStatus.Instance(report.instanceId(), report.activeRevisions(), report.receivedAt().toString(),
                        errors));
                instances.sort(Comparator.comparing(WardenStatus.Instance::lastReport).reversed().thenComparing(WardenStatus.Instance::id));
                return new WardenStatus(old.certificateNotAfter(), List.copyOf(instances.subList(0, Math.min(MAX_INSTANCES,
                        instances.size()))), old.observedGeneration(), old.conditions());
            });
        } catch (KubernetesClientException e) {
            LOG.warn("Warden {}: cannot record the status of instance {}: {}", report.warden(), report.instanceId(), e.getMessage());
        }
    }

    private void editStatus(Warden warden, UnaryOperator<WardenStatus> change) {
        client.resources(Warden.class).inNamespace(warden.getMetadata().getNamespace()).withName(warden.getMetadata().getName())
                .editStatus(latest -> {
                    WardenStatus old = Optional.ofNullable(latest.getStatus()).orElse(new WardenStatus(null, null, null, null));
                    latest.setStatus(change.apply(old));
                    return latest;
                });
    }

    /** Publishes every bundle now, on the caller's thread; removes bundles whose ConfigMaps are gone. */
    public void publishNow() {
        if (keys.get().current().isEmpty() && !reloadKeys()) {
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
            worker.schedule(() -> {
                publishPending.set(false);
                publishNow();
            }, 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the signing key Secret; returns whether the key signing now changed. */
    private boolean reloadKeys() {
        try {
            SigningKeys read = SigningKeys.from(client.secrets().inNamespace(settings.namespace()).withName(SigningKeys.SECRET).get());
            SigningKeys before = keys.getAndSet(read);
            return !before.current().map(SigningKeys.Entry::keyId).equals(read.current().map(SigningKeys.Entry::keyId))
                    || !before.next().map(SigningKeys.Entry::keyId).equals(read.next().map(SigningKeys.Entry::keyId));
        } catch (KubernetesClientException e) {
            LOG.warn("cannot read the bundle signing key Secret: {}", e.getMessage());
            return false;
        }
    }

    private Optional<ObjectNode> storedConfiguration(Warden warden) {
        ConfigMap stored = client.configMaps().inNamespace(warden.getMetadata().getNamespace())
                .withName(warden.getMetadata().getName() + CONFIG_SUFFIX).get();
        if (stored == null || stored.getData() == null || stored.getData().get(CONFIG_KEY) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) Mappers.yaml().readTree(stored.getData().get(CONFIG_KEY)));
        } catch (IOException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private List<Warden> wardenList() {
        return wardens == null ? client.resources(Warden.class).inAnyNamespace().list().getItems() : wardens.getStore().list();
    }

    private Optional<Warden> warden(WardenIdentity identity) {
        return wardenList().stream().filter(w -> identity.equals(identity(w))).findFirst();
    }

    private static WardenIdentity identity(Warden warden) {
        return new WardenIdentity(warden.getMetadata().getNamespace(), warden.getMetadata().getName());
    }

    private static List<String> granted(Warden warden) {
        return Optional.ofNullable(warden.getSpec()).map(WardenSpec::bundles).orElse(List.of()).stream().sorted().toList();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        Optional.ofNullable(sources).ifPresent(SharedIndexInformer::close);
        Optional.ofNullable(wardens).ifPresent(SharedIndexInformer::close);
        store.close();
    }
}
