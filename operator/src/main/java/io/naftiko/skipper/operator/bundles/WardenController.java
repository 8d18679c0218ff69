package io.naftiko.skipper.operator.bundles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenStatus;
import io.naftiko.skipper.bundler.OpaConfiguration;
import io.naftiko.skipper.bundler.StatusReport;
import io.naftiko.skipper.operator.events.OperatorEvent;
import io.naftiko.skipper.operator.lifecycle.PassIncomplete;
import io.naftiko.skipper.reconciler.write.Conflicts;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import io.naftiko.skipper.reconciler.write.WriteOutcome;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wardens: on the leader, each Warden's OPA configuration in ConfigMap {@code {name}-warden-config} and its
 * {@code Ready} condition ({@link #pass()}); on every replica, the status reports its instances send
 * ({@link #record(StatusReport)}). One Warden that cannot be written never stops the others.
 */
public final class WardenController {

    /** Suffix of a Warden's configuration ConfigMap. */
    public static final String CONFIG_SUFFIX = "-warden-config";
    /** Key of the OPA configuration in that ConfigMap. */
    public static final String CONFIG_KEY = "config.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(WardenController.class);
    private static final int MAX_INSTANCES = 50;
    private static final Duration REPORT_REFRESH = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final BundleWatcher watcher;
    private final OwnedWriter writer;
    private final Clock clock;

    /** A controller writing through {@code client}, serving what {@code watcher} publishes. */
    public WardenController(KubernetesClient client, BundleWatcher watcher, OwnedWriter writer, Clock clock) {
        this.client = client;
        this.watcher = watcher;
        this.writer = writer;
        this.clock = clock;
    }

    /** The leader's pass over every Warden: configuration and Ready condition. Returns what changed. */
    public List<OperatorEvent> pass() {
        List<OperatorEvent> events = new ArrayList<>();
        List<Warden> wardens = watcher.wardens();
        List<String> failed = new ArrayList<>();
        for (Warden warden : wardens) {
            try {
                writeConfiguration(warden, events);
            } catch (KubernetesClientException e) {
                failed.add(BundleWatcher.identity(warden) + " (" + e.getCode() + ": " + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new PassIncomplete(failed.size() + " of " + wardens.size() + " Warden configurations could not be written: " + failed,
                    events);
        }
        return events;
    }

    private void writeConfiguration(Warden warden, List<OperatorEvent> events) {
        Optional<ObjectNode> desired = watcher.configuration(warden);
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
        WriteOutcome outcome = writer.apply(configMap, Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get()));
        if (outcome != WriteOutcome.NOOP) {
            events.add(OperatorEvent.normal("v1", "ConfigMap", namespace, name, outcome == WriteOutcome.CREATED
                    ? "ConfigurationCreated" : "ConfigurationUpdated", "OPA configuration for Warden " + BundleWatcher.identity(warden)
                    + " with bundles " + BundleWatcher.granted(warden) + ", trusting keys " + watcher.keys().trusted().stream()
                    .map(OpaConfiguration.PublicKeyEntry::keyId).toList()));
        }
        readyCondition(warden);
    }

    private void readyCondition(Warden warden) {
        List<String> missing = BundleWatcher.granted(warden).stream().filter(bundle -> watcher.store().current(bundle).isEmpty()).toList();
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
        Optional<Warden> warden = watcher.wardens().stream().filter(w -> report.warden().equals(BundleWatcher.identity(w))).findFirst();
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

    /** Edits a Warden's status from its latest version; a write racing another (409) is retried from a fresh read. */
    public static void editStatus(KubernetesClient client, Warden warden, UnaryOperator<WardenStatus> change) {
        Conflicts.retrying(() -> client.resources(Warden.class).inNamespace(warden.getMetadata().getNamespace())
                .withName(warden.getMetadata().getName()).editStatus(latest -> {
                    WardenStatus old = Optional.ofNullable(latest.getStatus()).orElse(new WardenStatus(null, null, null, null));
                    latest.setStatus(change.apply(old));
                    return latest;
                }));
    }

    private void editStatus(Warden warden, UnaryOperator<WardenStatus> change) {
        editStatus(client, warden, change);
    }

    /** The OPA configuration stored for a Warden, as its instances read it. */
    Optional<ObjectNode> storedConfiguration(Warden warden) {
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
}
