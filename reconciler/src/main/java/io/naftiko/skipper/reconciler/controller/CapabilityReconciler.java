package io.naftiko.skipper.reconciler.controller;

import io.naftiko.skipper.reconciler.write.EventRecorder;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import io.naftiko.skipper.reconciler.write.WriteOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.ikanos.BindFile;
import io.naftiko.skipper.api.ikanos.DocumentException;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.ikanos.Import;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.reconciler.desired.CapabilityInputs;
import io.naftiko.skipper.reconciler.desired.ChildNames;
import io.naftiko.skipper.reconciler.desired.DesiredAnalysisTemplate;
import io.naftiko.skipper.reconciler.desired.DesiredDeployment;
import io.naftiko.skipper.reconciler.desired.DesiredHttpRoute;
import io.naftiko.skipper.reconciler.desired.DesiredRollout;
import io.naftiko.skipper.reconciler.desired.DesiredService;
import io.naftiko.skipper.reconciler.desired.DesiredServiceMonitor;
import io.naftiko.skipper.reconciler.desired.DesiredState;
import io.naftiko.skipper.reconciler.desired.InstalledApis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges one Capability: resolves its document, imports and binds from the caches, computes the
 * desired children (pure), creates what is missing, updates what drifted in the fields Skipper
 * owns, deletes what is no longer desired, and writes the status when it changed. At steady state
 * it writes nothing.
 */
public final class CapabilityReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityReconciler.class);

    private final KubernetesClient client;
    private final ClusterView view;
    private final OperatorSettings settings;
    private final Clock clock;
    private final OwnedWriter writer;
    private final EventRecorder events;

    /** A reconciler writing through a client and reading from a view. */
    public CapabilityReconciler(KubernetesClient client, ClusterView view, OperatorSettings settings, Clock clock) {
        this.client = client;
        this.view = view;
        this.settings = settings;
        this.clock = clock;
        this.writer = new OwnedWriter(client);
        this.events = new EventRecorder(client, clock);
    }

    /** Reconciles {@code namespace/name}; an API failure is thrown (the queue retries it with backoff). */
    public ReconcileResult reconcile(String namespace, String name) {
        Optional<Capability> found = view.capability(namespace, name);
        if (found.isEmpty()) {
            // Deleted: its children go with it through their owner references.
            return new ReconcileResult(Map.of(), null, false, Set.of());
        }
        Capability capability = found.get();
        Set<String> dependencies = new LinkedHashSet<>();
        long generation = Optional.ofNullable(capability.getMetadata().getGeneration()).orElse(0L);
        String tier = capability.getSpec() != null && capability.getSpec().getRuntime() != null
                ? capability.getSpec().getRuntime().className() : null;
        Resolution resolution = resolve(capability, dependencies);
        if (resolution.document == null) {
            ReconcileFacts facts = new ReconcileFacts(generation, Optional.of(resolution.problem), List.of(), false,
                    Optional.empty(), null, tier, Optional.empty(), Optional.empty());
            StatusWrite status = writeStatus(capability, facts);
            return new ReconcileResult(Map.of(), status.phase(), status.written(), dependencies);
        }
        IkanosDocument document = resolution.document;
        List<String> missing = new ArrayList<>();
        Map<String, String> importContents = imports(capability, document, dependencies, missing);
        Map<String, String> bindDigests = binds(capability, document, dependencies, missing);

        InstalledApis apis = view.apis();
        CapabilityInputs inputs = new CapabilityInputs(capability, document, settings, importContents, bindDigests, apis);
        DesiredState desired = DesiredState.of(inputs);
        Optional<Deployment> liveDeployment = view.child(Deployment.class, namespace, name);
        boolean deploymentAvailable = liveDeployment.map(d -> d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                && d.getStatus().getAvailableReplicas() > 0).orElse(false);
        Map<String, WriteOutcome> outcomes = new LinkedHashMap<>();
        for (HasMetadata child : desired.children()) {
            outcomes.put(child.getKind() + "/" + child.getMetadata().getName(), apply(child));
        }
        DesiredDeployment.replicasAfterRollout(liveDeployment, inputs).ifPresent(replicas -> {
            // A one-time scale, as kubectl scale would: merge-patched, not applied, so the field stays the autoscaler's.
            client.apps().deployments().inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
            outcomes.put("Deployment/" + name, WriteOutcome.UPDATED);
        });
        deleteUnless(capability, Ingress.class, desired.ingress().isPresent(), outcomes);
        deleteUnless(capability, HorizontalPodAutoscaler.class, desired.autoscaler().isPresent(), outcomes);
        deleteUnless(capability, Service.class, desired.service().isPresent(), outcomes);
        deleteRolloutServicesBut(capability, desired.rolloutServices(), outcomes);
        if (apis.serviceMonitor() && desired.serviceMonitor().isEmpty()) {
            deleteServiceMonitor(capability, outcomes);
        }
        if (apis.httpRoute()) {
            deleteHttpRoutesBut(capability, desired.httpRoutes(), outcomes);
        }
        if (apis.argoRollouts()) {
            // The Rollout goes only once the Deployment serves again: its pods go with it.
            deleteArgoUnless(capability, DesiredRollout.KIND, desired.rollout().isPresent() || !deploymentAvailable, outcomes);
            deleteArgoUnless(capability, DesiredAnalysisTemplate.KIND, desired.analysisTemplate().isPresent(), outcomes);
        }
        recordChanges(capability, outcomes);
        boolean routed = capability.getSpec().getRuntime() != null && capability.getSpec().getRuntime().routing() != null
                && capability.getSpec().getRuntime().routing().gateway() != null;
        if (!apis.httpRoute() && routed && document.exposes().stream().anyMatch(e -> "rest".equals(e.type()))
                && outcomes.get("Deployment/" + name) == WriteOutcome.CREATED) {
            event(capability, EventRecorder.WARNING, "HTTPRouteUnavailable", "the class routes REST exposes to Gateway "
                    + capability.getSpec().getRuntime().routing().gateway().name() + " but the Gateway API HTTPRoute CRD is not"
                    + " installed; no route is written (the MCP gateway's --rest-router serves the same paths)");
        }
        if (!apis.serviceMonitor() && document.exposes().stream().anyMatch(e -> e.isControl())
                && outcomes.get("Deployment/" + name) == WriteOutcome.CREATED) {
            // Once, when the workload is first created: scraping falls back to the pod annotations.
            event(capability, EventRecorder.WARNING, "ServiceMonitorUnavailable", "the capability has a control expose but the"
                    + " Prometheus Operator's ServiceMonitor CRD is not installed; metrics are announced by prometheus.io"
                    + " pod annotations only");
        }
        rolloutEvents(capability, inputs, outcomes);
        ReconcileFacts facts = new ReconcileFacts(generation, Optional.empty(), missing, deploymentAvailable, desired.endpoint(),
                document.info().title().orElse(null), tier, Optional.empty(), rolloutProgress(inputs, desired, deploymentAvailable));
        StatusWrite status = writeStatus(capability, facts);
        return new ReconcileResult(outcomes, status.phase(), status.written(), dependencies);
    }

    /** Records a failed reconcile on the status ({@code Failed}, {@code ReconcileFailed}) as best it can. */
    public void recordFailure(String namespace, String name, String message) {
        view.capability(namespace, name).ifPresent(capability -> {
            try {
                long generation = Optional.ofNullable(capability.getMetadata().getGeneration()).orElse(0L);
                CapabilityStatus previous = capability.getStatus();
                writeStatus(capability, new ReconcileFacts(generation, Optional.empty(), List.of(), false,
                        Optional.ofNullable(previous).map(CapabilityStatus::endpoint),
                        Optional.ofNullable(previous).map(CapabilityStatus::display).orElse(null),
                        Optional.ofNullable(previous).map(CapabilityStatus::tier).orElse(null), Optional.of(message),
                        Optional.empty()));
                event(capability, EventRecorder.WARNING, "ReconcileFailed", message);
            } catch (KubernetesClientException e) {
                LOG.warn("could not record the failure of {}/{}: {}", namespace, name, e.getMessage());
            }
        });
    }

    private record Resolution(IkanosDocument document, SpecProblem problem) {
    }

    /** Where the runtime's rollout stands: the Rollout's report, or why no Rollout runs it. */
    private Optional<RolloutProgress> rolloutProgress(CapabilityInputs inputs, DesiredState desired, boolean deploymentAvailable) {
        RolloutStrategy strategy = inputs.runtime().rollout();
        if (strategy == null) {
            return Optional.empty();
        }
        if (desired.rollout().isPresent()) {
            return Optional.of(RolloutProgress.of(view.argoObject(DesiredRollout.KIND, inputs.namespace(), inputs.name())
                    .map(r -> (JsonNode) Mappers.json().valueToTree(r)), strategy));
        }
        return Optional.of(inputs.apis().argoRollouts()
                ? RolloutProgress.unmanaged(strategy, "RolloutNotApplicable", "a blue/green rollout switches a Service, and the"
                        + " capability exposes nothing that listens; the Deployment replaces its pods itself", deploymentAvailable)
                : RolloutProgress.unmanaged(strategy, "ArgoRolloutsNotInstalled", "the class asks for a " + strategy.strategy()
                        + " rollout but the Argo Rollouts CRDs are not installed; the Deployment replaces all pods itself", deploymentAvailable));
    }

    /** Once, when the object that would have used it is first created: why a rollout runs without what it asked for. */
    private void rolloutEvents(Capability capability, CapabilityInputs inputs, Map<String, WriteOutcome> outcomes) {
        RolloutStrategy strategy = inputs.runtime().rollout();
        if (strategy == null) {
            return;
        }
        String name = inputs.name();
        if (!inputs.apis().argoRollouts() && outcomes.get("Deployment/" + name) == WriteOutcome.CREATED) {
            event(capability, EventRecorder.WARNING, "ArgoRolloutsUnavailable", "the class asks for a " + strategy.strategy()
                    + " rollout but the Argo Rollouts CRDs (rollouts.argoproj.io, analysistemplates.argoproj.io) are not"
                    + " installed; a plain Deployment runs the pods and a change replaces them all");
        }
        if (strategy.analysis() != null && outcomes.get(DesiredRollout.KIND + "/" + name) == WriteOutcome.CREATED) {
            DesiredAnalysisTemplate.cannotRun(inputs).ifPresent(why -> event(capability, EventRecorder.WARNING,
                    "AnalysisUnavailable", "the rollout has an analysis but " + why + "; it runs its steps without one"));
        }
    }

    private Resolution resolve(Capability capability, Set<String> dependencies) {
        SpecRef ref = capability.getSpec() == null ? null : capability.getSpec().getSpecRef();
        if (ref == null) {
            if (capability.getSpec() == null || !capability.getSpec().hasInlineDocument()) {
                return new Resolution(null, new SpecProblem("SpecMissing", "the Capability has neither specRef nor an inline document"));
            }
            return new Resolution(IkanosDocument.fromTree(capability.getSpec().inlineDocument()), null);
        }
        String namespace = capability.getMetadata().getNamespace();
        dependencies.add("ConfigMap/" + namespace + "/" + ref.configMap());
        Optional<ConfigMap> configMap = view.configMap(namespace, ref.configMap());
        if (configMap.isEmpty()) {
            return new Resolution(null, new SpecProblem("SpecConfigMapNotFound", "ConfigMap " + ref.configMap() + " does not exist"));
        }
        String text = configMap.get().getData() == null ? null : configMap.get().getData().get(ref.effectiveKey());
        if (text == null) {
            return new Resolution(null, new SpecProblem("SpecKeyNotFound", "ConfigMap " + ref.configMap() + " has no key "
                    + ref.effectiveKey()));
        }
        try {
            return new Resolution(IkanosDocument.parse(text), null);
        } catch (DocumentException e) {
            return new Resolution(null, new SpecProblem("SpecInvalid", "ConfigMap " + ref.configMap() + " key " + ref.effectiveKey()
                    + ": " + e.getMessage()));
        }
    }

    private Map<String, String> imports(Capability capability, IkanosDocument document, Set<String> dependencies,
                                        List<String> missing) {
        Map<String, String> contents = new LinkedHashMap<>();
        String namespace = capability.getMetadata().getNamespace();
        for (Import imp : document.imports()) {
            if (imp.name() == null || imp.fileName().isEmpty()) {
                continue;
            }
            String mapName = ChildNames.importConfigMap(capability.getMetadata().getName(), imp.name());
            dependencies.add("ConfigMap/" + namespace + "/" + mapName);
            Optional<String> text = view.configMap(namespace, mapName)
                    .map(cm -> cm.getData() == null ? null : cm.getData().get(imp.fileName().get()));
            if (text.isPresent()) {
                contents.put(imp.name(), text.get());
            } else {
                missing.add("ConfigMap " + mapName + " (key " + imp.fileName().get() + ")");
            }
        }
        return contents;
    }

    private Map<String, String> binds(Capability capability, IkanosDocument document, Set<String> dependencies,
                                      List<String> missing) {
        Map<String, String> digests = new LinkedHashMap<>();
        String namespace = capability.getMetadata().getNamespace();
        Map<String, Set<String>> keysBySecret = new LinkedHashMap<>();
        document.binds().forEach(bind -> bind.file().ifPresent((BindFile file) -> keysBySecret
                .computeIfAbsent(ChildNames.bindSecret(capability.getMetadata().getName(), file.directoryName()), k -> new LinkedHashSet<>())
                .add(file.fileName())));
        keysBySecret.forEach((secretName, keys) -> {
            dependencies.add("Secret/" + namespace + "/" + secretName);
            Optional<SecretFacts> secret = view.secret(namespace, secretName);
            if (secret.isEmpty() || !secret.get().keys().containsAll(keys)) {
                // Names only: a Secret's keys and values are never written anywhere.
                missing.add("Secret " + secretName + (secret.isEmpty() ? "" : " (a key is missing)"));
            } else {
                digests.put(secretName, secret.get().digest());
            }
        });
        return digests;
    }

    private WriteOutcome apply(HasMetadata desired) {
        String namespace = desired.getMetadata().getNamespace();
        String name = desired.getMetadata().getName();
        Optional<? extends HasMetadata> actual;
        if (desired instanceof GenericKubernetesResource generic && DesiredRollout.API_VERSION.equals(generic.getApiVersion())) {
            actual = view.argoObject(generic.getKind(), namespace, name);
        } else if (desired instanceof GenericKubernetesResource generic) {
            actual = Optional.ofNullable(client.genericKubernetesResources(generic.getApiVersion(), generic.getKind())
                    .inNamespace(namespace).withName(name).get());
        } else {
            actual = view.child(desired.getClass(), namespace, name);
        }
        return writer.apply(desired, actual);
    }

    private <T extends HasMetadata> void deleteUnless(Capability owner, Class<T> kind, boolean desired,
                                                      Map<String, WriteOutcome> outcomes) {
        if (desired) {
            return;
        }
        String namespace = owner.getMetadata().getNamespace();
        String name = owner.getMetadata().getName();
        view.child(kind, namespace, name).filter(child -> ownedBy(child, owner)).ifPresent(child -> {
            client.resource(child).delete();
            outcomes.put(child.getKind() + "/" + name, WriteOutcome.DELETED);
        });
    }

    /** Removes an Argo Rollouts object of the Capability's that is no longer wanted. */
    private void deleteArgoUnless(Capability owner, String kind, boolean desired, Map<String, WriteOutcome> outcomes) {
        String name = owner.getMetadata().getName();
        if (desired) {
            return;
        }
        view.argoObject(kind, owner.getMetadata().getNamespace(), name).filter(object -> ownedBy(object, owner)).ifPresent(object -> {
            client.resource(object).delete();
            outcomes.put(kind + "/" + name, WriteOutcome.DELETED);
        });
    }

    /** Removes the Services of a rollout's strategy that are no longer wanted (the rollout or its strategy changed). */
    private void deleteRolloutServicesBut(Capability owner, List<Service> wanted, Map<String, WriteOutcome> outcomes) {
        String namespace = owner.getMetadata().getNamespace();
        String name = owner.getMetadata().getName();
        List<String> keep = wanted.stream().map(service -> service.getMetadata().getName()).toList();
        for (String role : DesiredService.ROLLOUT_ROLES) {
            String serviceName = DesiredService.rolloutService(name, role);
            if (!keep.contains(serviceName)) {
                view.child(Service.class, namespace, serviceName).filter(service -> ownedBy(service, owner)).ifPresent(service -> {
                    client.resource(service).delete();
                    outcomes.put("Service/" + serviceName, WriteOutcome.DELETED);
                });
            }
        }
    }

    private void deleteServiceMonitor(Capability owner, Map<String, WriteOutcome> outcomes) {
        String namespace = owner.getMetadata().getNamespace();
        String name = owner.getMetadata().getName();
        GenericKubernetesResource monitor = client.genericKubernetesResources(DesiredServiceMonitor.API_VERSION,
                DesiredServiceMonitor.KIND).inNamespace(namespace).withName(name).get();
        if (monitor != null && ownedBy(monitor, owner)) {
            client.resource(monitor).delete();
            outcomes.put(DesiredServiceMonitor.KIND + "/" + name, WriteOutcome.DELETED);
        }
    }

    /** Removes the Capability's HTTPRoutes that are no longer wanted (a REST expose or the class's Gateway went away). */
    private void deleteHttpRoutesBut(Capability owner, List<GenericKubernetesResource> wanted, Map<String, WriteOutcome> outcomes) {
        String namespace = owner.getMetadata().getNamespace();
        String name = owner.getMetadata().getName();
        List<String> keep = wanted.stream().map(r -> r.getMetadata().getName()).toList();
        client.genericKubernetesResources(DesiredHttpRoute.API_VERSION, DesiredHttpRoute.KIND).inNamespace(namespace)
                .withLabel(NaftikoLabels.CAPABILITY, name).list().getItems().stream()
                .filter(route -> DesiredHttpRoute.isRouteOf(route.getMetadata().getName(), name) && ownedBy(route, owner)
                        && !keep.contains(route.getMetadata().getName()))
                .forEach(route -> {
                    client.resource(route).delete();
                    outcomes.put(DesiredHttpRoute.KIND + "/" + route.getMetadata().getName(), WriteOutcome.DELETED);
                });
    }

    /** One Event per reconcile that changed something, naming every child it created, updated or deleted. */
    private void recordChanges(Capability capability, Map<String, WriteOutcome> outcomes) {
        Map<WriteOutcome, List<String>> byOutcome = new LinkedHashMap<>();
        outcomes.forEach((child, outcome) -> {
            if (outcome != WriteOutcome.NOOP) {
                byOutcome.computeIfAbsent(outcome, o -> new ArrayList<>()).add(child);
            }
        });
        if (byOutcome.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder();
        byOutcome.forEach((outcome, children) -> message.append(message.length() == 0 ? "" : "; ")
                .append(outcome.name().toLowerCase(Locale.ROOT)).append(' ').append(String.join(", ", children)));
        String reason = byOutcome.size() == 1 ? switch (byOutcome.keySet().iterator().next()) {
            case CREATED -> "Created";
            case UPDATED -> "DriftCorrected";
            case DELETED -> "Deleted";
            case NOOP -> "Reconciled";
        } : "Reconciled";
        event(capability, EventRecorder.NORMAL, reason, message.toString());
    }

    private static boolean ownedBy(HasMetadata child, Capability owner) {
        return child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
                .anyMatch(ref -> "Capability".equals(ref.getKind()) && owner.getMetadata().getName().equals(ref.getName()));
    }

    private record StatusWrite(Phase phase, boolean written) {
    }

    private StatusWrite writeStatus(Capability capability, ReconcileFacts facts) {
        CapabilityStatus next = StatusRules.status(capability.getStatus(), facts, clock.instant());
        if (Objects.equals(capability.getStatus(), next)) {
            return new StatusWrite(next.phase(), false);
        }
        // A JSON merge patch of the status alone: no resourceVersion, so a concurrent edit is no conflict, and
        // conditions are replaced whole.
        ObjectNode patch = Mappers.json().createObjectNode();
        ObjectNode status = Mappers.json().valueToTree(next);
        if (capability.getStatus() != null) {
            // A merge patch keeps what it does not name: a field the status no longer has (a rollout that was removed,
            // an endpoint that went) is named as null to go.
            Mappers.json().valueToTree(capability.getStatus()).fieldNames().forEachRemaining(field -> {
                if (!status.has(field)) {
                    status.putNull(field);
                }
            });
        }
        patch.set("status", status);
        // Through the cached object, so that the client sends the patch without reading the Capability first.
        client.resource(capability).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        return new StatusWrite(next.phase(), true);
    }

    private void event(Capability capability, String type, String reason, String message) {
        events.record(new ObjectReferenceBuilder().withApiVersion(Capability.API_VERSION).withKind("Capability")
                .withName(capability.getMetadata().getName()).withNamespace(capability.getMetadata().getNamespace())
                .withUid(capability.getMetadata().getUid()).build(), type, reason, message);
    }
}
