package io.naftiko.skipper.operator.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.FleetStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.validation.FleetRules;
import io.naftiko.skipper.api.validation.Violation;
import io.naftiko.skipper.operator.events.OperatorEvent;
import io.naftiko.skipper.operator.fleet.plan.ExternalSecrets;
import io.naftiko.skipper.operator.fleet.plan.FleetInputs;
import io.naftiko.skipper.operator.fleet.plan.FleetObjects;
import io.naftiko.skipper.operator.fleet.plan.FleetPlan;
import io.naftiko.skipper.operator.fleet.plan.FleetPlanner;
import io.naftiko.skipper.operator.fleet.plan.FleetStatusRules;
import io.naftiko.skipper.operator.fleet.plan.Outcome;
import io.naftiko.skipper.operator.fleet.plan.Placement;
import io.naftiko.skipper.operator.fleet.plan.PlacementPlan;
import io.naftiko.skipper.operator.fleet.plan.Revision;
import io.naftiko.skipper.operator.fleet.plan.RevisionHistory;
import io.naftiko.skipper.operator.fleet.plan.SourceFiles;
import io.naftiko.skipper.operator.lifecycle.PassIncomplete;
import io.naftiko.skipper.reconciler.write.ManagedFields;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import io.naftiko.skipper.reconciler.write.WriteOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet controller (leader only, one pass per period): for every Fleet, reads the sources, the recorded revisions
 * and what the environments run, asks {@link FleetPlanner} what to do, and does it through the one writer. Per pass it
 * lists, per Fleet, the source ConfigMaps, its ControllerRevisions, and the Capabilities, ConfigMaps and
 * ExternalSecrets labelled with it; it writes only what differs, so a converged fleet costs those lists and nothing
 * else. A new revision's spec ConfigMap is written one pass before the Capability that refers to it; a Capability that
 * would change is first applied as a dry run, which runs the cluster's admission webhook: a denial becomes the
 * Fleet's {@code Denied} condition and nothing of that placement changes (its imports included).
 * One Fleet that fails never stops the others.
 */
public final class FleetController {

    /** ExternalSecrets, served by External Secrets Operator's CRD when it is installed. */
    public static final ResourceDefinitionContext EXTERNAL_SECRETS = new ResourceDefinitionContext.Builder().withGroup("external-secrets.io")
            .withVersion("v1").withKind(ExternalSecrets.KIND).withPlural("externalsecrets").withNamespaced(true).build();
    /** The CRD that serves them. */
    public static final String EXTERNAL_SECRETS_CRD = "externalsecrets.external-secrets.io";
    private static final Logger LOG = LoggerFactory.getLogger(FleetController.class);
    private static final String DENIED = "denied the request";

    private final KubernetesClient client;
    private final OwnedWriter writer;
    private final Optional<String> cluster;
    private final String defaultSourcesNamespace;
    private final Clock clock;

    /**
     * A controller.
     *
     * @param cluster                 the operator's {@code --cluster}: which environments it applies
     * @param defaultSourcesNamespace where sources are when a Fleet does not say (the operator's namespace)
     */
    public FleetController(KubernetesClient client, OwnedWriter writer, Optional<String> cluster, String defaultSourcesNamespace,
                           Clock clock) {
        this.client = client;
        this.writer = writer;
        this.cluster = cluster;
        this.defaultSourcesNamespace = defaultSourcesNamespace;
        this.clock = clock;
    }

    /** One pass over every Fleet; throws {@link PassIncomplete} naming the Fleets it could not converge. */
    public List<OperatorEvent> pass() {
        List<OperatorEvent> events = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Fleet fleet : client.resources(Fleet.class).list().getItems()) {
            try {
                events.addAll(reconcile(fleet));
            } catch (KubernetesClientException e) {
                failed.add(fleet.getMetadata().getName() + ": " + e.getMessage());
                LOG.warn("Fleet {}: {}", fleet.getMetadata().getName(), e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new PassIncomplete("fleets not converged: " + String.join("; ", failed), events);
        }
        return events;
    }

    /** What one pass read of one Fleet's objects in the cluster. */
    private record Live(Map<String, Capability> capabilities, Map<String, HasMetadata> children, boolean externalSecretsServed) {

        static String key(HasMetadata object) {
            return key(object.getKind(), object.getMetadata().getNamespace(), object.getMetadata().getName());
        }

        static String key(String kind, String namespace, String name) {
            return kind + "/" + namespace + "/" + name;
        }
    }

    private List<OperatorEvent> reconcile(Fleet fleet) {
        String name = fleet.getMetadata().getName();
        List<OperatorEvent> events = new ArrayList<>();
        Map<String, CapabilityClass> classes = client.resources(CapabilityClass.class).list().getItems().stream()
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), Function.identity(), (a, b) -> a));
        List<Violation> violations = FleetRules.validate(fleet, tier -> Optional.ofNullable(classes.get(tier)));
        if (!violations.isEmpty()) {
            // Admission refuses such a Fleet; one stored before the webhook ran is not acted on, only reported.
            writeStatus(fleet, FleetStatusRules.invalid(fleet.getStatus(), violations.stream().map(Violation::toString).toList(),
                    generation(fleet), clock.instant()));
            return events;
        }
        String sourcesNamespace = Optional.ofNullable(fleet.getSpec().sources()).map(FleetSpec.Sources::namespace)
                .orElse(defaultSourcesNamespace);
        Map<String, SourceFiles> sources = sources(fleet, sourcesNamespace);
        List<ControllerRevision> revisionObjects = client.apps().controllerRevisions().inNamespace(sourcesNamespace)
                .withLabel(NaftikoLabels.FLEET, name).list().getItems();
        List<Revision> recorded = revisionObjects.stream().map(RevisionHistory::fromObject).flatMap(Optional::stream).toList();
        Live live = live(name);
        Map<Placement, String> running = running(fleet, live);
        FleetPlan plan = FleetPlanner.plan(new FleetInputs(fleet, sources, recorded, running, cluster, clock.instant()));

        for (Revision revision : plan.record()) {
            client.resource(RevisionHistory.toObject(name, sourcesNamespace, FleetPlanner.owner(fleet), revision)).create();
            events.add(normal(name, "RevisionRecorded", revision.capability() + ": revision " + revision.number() + " (" + revision.digest() + ")"));
        }
        for (Revision revision : plan.prune()) {
            client.apps().controllerRevisions().inNamespace(sourcesNamespace).withName(RevisionHistory.objectName(name, revision)).delete();
            events.add(normal(name, "RevisionPruned", revision.capability() + ": revision " + revision.number()
                    + " (beyond revisionHistoryLimit, pinned and run by no environment)"));
        }

        Map<Placement, String> denied = new LinkedHashMap<>();
        Map<Placement, String> applied = new HashMap<>();
        Set<String> problems = new TreeSet<>();
        Set<String> kept = new HashSet<>();
        for (PlacementPlan placementPlan : plan.placements()) {
            Placement placement = placementPlan.placement();
            keepAllOf(placement, live, kept);
            if (!(placementPlan.outcome() instanceof Outcome.Runs runs) || placementPlan.capability().isEmpty()) {
                continue;
            }
            try {
                converge(name, placementPlan, runs, live, denied, applied, problems, kept, events);
            } catch (KubernetesClientException e) {
                // One placement that cannot be written (its namespace is missing, RBAC) never stops the others.
                problems.add(placement + ": " + Optional.ofNullable(e.getStatus()).map(Status::getMessage).orElse(e.getMessage()));
            }
        }
        for (Map.Entry<Placement, String> denial : denied.entrySet()) {
            events.add(warning(name, "Denied", denial.getKey() + ": " + denial.getValue()));
        }
        events.addAll(removeUnnamed(name, live, kept));
        return finish(fleet, plan, live, denied, applied, problems, events);
    }

    /** Writes one placement: its spec ConfigMap, the Capability's dry run, the other children, the Capability. */
    private void converge(String name, PlacementPlan placementPlan, Outcome.Runs runs, Live live, Map<Placement, String> denied,
                          Map<Placement, String> applied, Set<String> problems, Set<String> kept, List<OperatorEvent> events) {
        Placement placement = placementPlan.placement();
        Capability desired = placementPlan.capability().get();
        Optional<Capability> current = Optional.ofNullable(live.capabilities().get(Live.key(desired)));
        HasMetadata spec = placementPlan.children().get(0);
        if (writer.apply(spec, Optional.ofNullable(live.children().get(Live.key(spec)))) == WriteOutcome.CREATED) {
            // The Capability that refers to a new spec ConfigMap follows on the next pass: admission (on any webhook
            // replica) reads specRef ConfigMaps from its informer cache, which gets one period to hold it, so a
            // fresh revision is never denied for a ConfigMap the webhook has not seen yet.
            return;
        }
        boolean changes = current.isEmpty() || !matches(current.get(), desired);
        if (changes) {
            Optional<String> denial = admit(desired, true);
            if (denial.isPresent()) {
                denied.put(placement, denial.get());
                return;
            }
        }
        for (HasMetadata child : placementPlan.children().subList(1, placementPlan.children().size())) {
            if (child instanceof GenericKubernetesResource && !live.externalSecretsServed()) {
                problems.add("ExternalSecret (external-secrets.io/v1) is not served (no CRD " + EXTERNAL_SECRETS_CRD
                        + "): install External Secrets Operator for " + placement + "'s binds");
                continue;
            }
            writer.apply(child, Optional.ofNullable(live.children().get(Live.key(child))));
        }
        if (changes) {
            Optional<String> denial = admit(desired, false);
            if (denial.isPresent()) {
                denied.put(placement, denial.get());
                return;
            }
            events.add(normal(name, current.isEmpty() ? "CapabilityCreated" : "CapabilityUpdated", placement + " in namespace "
                    + placement.namespace() + " runs revision " + runs.revision().number()));
        }
        applied.put(placement, runs.revision().digest());
        // Only the objects of what now runs stay: an import the new revision dropped, the previous spec ConfigMap.
        Set<String> desiredKeys = new HashSet<>();
        placementPlan.children().forEach(child -> desiredKeys.add(Live.key(child)));
        desiredKeys.add(Live.key(desired));
        for (HasMetadata object : objectsOf(placement, live)) {
            if (!desiredKeys.contains(Live.key(object))) {
                kept.remove(Live.key(object));
            }
        }
    }

    /** The Fleet's status from the plan and what the pass left. */
    private List<OperatorEvent> finish(Fleet fleet, FleetPlan plan, Live live, Map<Placement, String> denied, Map<Placement, String> applied,
                                       Set<String> problems, List<OperatorEvent> events) {
        Map<Placement, FleetStatusRules.Observed> observed = new HashMap<>();
        for (PlacementPlan placementPlan : plan.placements()) {
            Placement placement = placementPlan.placement();
            Optional<Capability> capability = Optional.ofNullable(live.capabilities().get(Live.key("Capability", placement.namespace(),
                    placement.capability())));
            Optional<String> digest = Optional.ofNullable(applied.get(placement)).or(() -> capability.map(FleetController::digestOf));
            Optional<String> image = placementPlan.capability().filter(c -> applied.containsKey(placement)).or(() -> capability)
                    .map(c -> c.getSpec().getRuntime()).map(CapabilityRuntime::image);
            Optional<Phase> phase = capability.map(Capability::getStatus).map(CapabilityStatus::phase);
            observed.put(placement, new FleetStatusRules.Observed(digest, image, phase));
        }
        writeStatus(fleet, FleetStatusRules.status(fleet.getStatus(), plan, observed, denied, List.copyOf(problems), generation(fleet),
                clock.instant()));
        return events;
    }

    private Map<String, SourceFiles> sources(Fleet fleet, String namespace) {
        Map<String, ConfigMap> configMaps = new HashMap<>();
        client.configMaps().inNamespace(namespace).list().getItems().forEach(c -> configMaps.put(c.getMetadata().getName(), c));
        Map<String, SourceFiles> sources = new HashMap<>();
        for (FleetSpec.FleetCapability capability : fleet.getSpec().capabilities()) {
            ConfigMap source = configMaps.get(capability.source().configMap());
            if (source != null) {
                sources.put(capability.name(), SourceFiles.of(Optional.ofNullable(source.getData()).orElse(Map.of())));
            }
        }
        return sources;
    }

    private Live live(String fleet) {
        Map<String, Capability> capabilities = new HashMap<>();
        client.resources(Capability.class).inAnyNamespace().withLabel(NaftikoLabels.FLEET, fleet).list().getItems()
                .forEach(c -> capabilities.put(Live.key(c), c));
        Map<String, HasMetadata> children = new HashMap<>();
        client.configMaps().inAnyNamespace().withLabel(NaftikoLabels.FLEET, fleet).list().getItems().forEach(c -> children.put(Live.key(c), c));
        boolean served = client.apiextensions().v1().customResourceDefinitions().withName(EXTERNAL_SECRETS_CRD).get() != null;
        if (served) {
            client.genericKubernetesResources(EXTERNAL_SECRETS).inAnyNamespace().withLabel(NaftikoLabels.FLEET, fleet).list().getItems()
                    .forEach(e -> children.put(Live.key(e), e));
        }
        return new Live(capabilities, children, served);
    }

    /** The digest each placement's Capability runs, from its annotation. */
    private static Map<Placement, String> running(Fleet fleet, Live live) {
        Map<String, FleetSpec.Environment> environments = new HashMap<>();
        fleet.getSpec().environments().forEach(e -> environments.put(e.name(), e));
        Map<Placement, String> running = new HashMap<>();
        for (Capability capability : live.capabilities().values()) {
            Map<String, String> labels = capability.getMetadata().getLabels();
            FleetSpec.Environment environment = environments.get(labels.get(NaftikoLabels.ENVIRONMENT));
            String digest = digestOf(capability);
            if (environment != null && digest != null && environment.namespace().equals(capability.getMetadata().getNamespace())) {
                running.put(new Placement(environment.name(), environment.namespace(), labels.get(NaftikoLabels.CAPABILITY)), digest);
            }
        }
        return running;
    }

    private static String digestOf(Capability capability) {
        return Optional.ofNullable(capability.getMetadata().getAnnotations()).map(a -> a.get(NaftikoLabels.FLEET_DIGEST)).orElse(null);
    }

    private static boolean matches(Capability live, Capability desired) {
        JsonNode liveJson = Mappers.json().valueToTree(live);
        JsonNode desiredJson = Mappers.json().valueToTree(desired);
        return FleetObjects.capabilityMatches(liveJson, desiredJson)
                && ManagedFields.released(liveJson, OwnedWriter.FIELD_MANAGER, desiredJson).isEmpty();
    }

    /** Applies the Capability (as a dry run first): the webhook's denial, if it denies. */
    private Optional<String> admit(Capability desired, boolean dryRun) {
        try {
            if (dryRun) {
                client.resource(desired).dryRun().fieldManager(OwnedWriter.FIELD_MANAGER).forceConflicts().serverSideApply();
            } else {
                client.resource(desired).fieldManager(OwnedWriter.FIELD_MANAGER).forceConflicts().serverSideApply();
            }
            return Optional.empty();
        } catch (KubernetesClientException e) {
            String message = Optional.ofNullable(e.getStatus()).map(Status::getMessage).orElse(e.getMessage());
            if (message != null && message.contains(DENIED)) {
                return Optional.of(message);
            }
            throw e;
        }
    }

    private static List<HasMetadata> objectsOf(Placement placement, Live live) {
        List<HasMetadata> objects = new ArrayList<>();
        live.capabilities().values().stream().filter(o -> belongs(o, placement)).forEach(objects::add);
        live.children().values().stream().filter(o -> belongs(o, placement)).forEach(objects::add);
        return objects;
    }

    private static void keepAllOf(Placement placement, Live live, Set<String> kept) {
        objectsOf(placement, live).forEach(o -> kept.add(Live.key(o)));
    }

    private static boolean belongs(HasMetadata object, Placement placement) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return placement.environment().equals(labels.get(NaftikoLabels.ENVIRONMENT))
                && placement.capability().equals(labels.get(NaftikoLabels.CAPABILITY))
                && placement.namespace().equals(object.getMetadata().getNamespace());
    }

    /** Deletes every object of the Fleet that no placement keeps: capabilities and environments the manifest dropped. */
    private List<OperatorEvent> removeUnnamed(String fleet, Live live, Set<String> kept) {
        List<OperatorEvent> events = new ArrayList<>();
        List<HasMetadata> all = new ArrayList<>(live.capabilities().values());
        all.addAll(live.children().values());
        for (HasMetadata object : all) {
            if (kept.contains(Live.key(object))) {
                continue;
            }
            client.resource(object).delete();
            events.add(normal(fleet, "Removed", object.getKind() + " " + object.getMetadata().getNamespace() + "/"
                    + object.getMetadata().getName() + " (" + object.getMetadata().getLabels().get(NaftikoLabels.ENVIRONMENT) + "/"
                    + object.getMetadata().getLabels().get(NaftikoLabels.CAPABILITY) + " is no longer what the manifest runs)"));
        }
        return events;
    }

    private void writeStatus(Fleet fleet, FleetStatus status) {
        if (Objects.equals(fleet.getStatus(), status)) {
            return;
        }
        client.resources(Fleet.class).withName(fleet.getMetadata().getName()).editStatus(latest -> {
            latest.setStatus(status);
            return latest;
        });
    }

    private static long generation(Fleet fleet) {
        return Optional.ofNullable(fleet.getMetadata().getGeneration()).orElse(0L);
    }

    private static OperatorEvent normal(String fleet, String reason, String message) {
        return OperatorEvent.normal(Capability.API_VERSION, "Fleet", null, fleet, reason, message);
    }

    private static OperatorEvent warning(String fleet, String reason, String message) {
        return OperatorEvent.warning(Capability.API_VERSION, "Fleet", null, fleet, reason, message);
    }
}
