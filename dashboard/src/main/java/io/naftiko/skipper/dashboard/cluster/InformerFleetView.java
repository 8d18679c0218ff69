package io.naftiko.skipper.dashboard.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.dashboard.server.FleetView;
import io.naftiko.skipper.dashboard.view.CapabilityPage;
import io.naftiko.skipper.dashboard.view.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * The dashboard's caches: informers on Capabilities, Wardens and the children Skipper keeps (label
 * {@code app.kubernetes.io/managed-by=skipper}: Deployments, Services, HPAs, spec ConfigMaps), started once; a page
 * reads them and makes no API call.
 */
public final class InformerFleetView implements FleetView, AutoCloseable {

    private final SharedIndexInformer<Capability> capabilities;
    private final SharedIndexInformer<Warden> wardens;
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<HorizontalPodAutoscaler> autoscalers;
    private final SharedIndexInformer<ConfigMap> configMaps;
    private final List<SharedIndexInformer<?>> all = new ArrayList<>();

    /** Starts the informers and waits for their first list. */
    public InformerFleetView(KubernetesClient client) {
        capabilities = add(client.resources(Capability.class).inAnyNamespace().runnableInformer(0));
        wardens = add(client.resources(Warden.class).inAnyNamespace().runnableInformer(0));
        deployments = add(client.apps().deployments().inAnyNamespace().withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER)
                .runnableInformer(0));
        services = add(client.services().inAnyNamespace().withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER).runnableInformer(0));
        autoscalers = add(client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace()
                .withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER).runnableInformer(0));
        configMaps = add(client.configMaps().inAnyNamespace().withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER)
                .runnableInformer(0));
        CompletableFuture.allOf(all.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new)).join();
    }

    private <T extends HasMetadata> SharedIndexInformer<T> add(SharedIndexInformer<T> informer) {
        all.add(informer);
        return informer;
    }

    @Override
    public List<Capability> capabilities() {
        return capabilities.getStore().list();
    }

    @Override
    public List<Warden> wardens() {
        return wardens.getStore().list();
    }

    @Override
    public List<CapabilityPage.Child> children(Capability capability) {
        String key = Cache.metaNamespaceKeyFunc(capability);
        String name = capability.getMetadata().getName();
        List<CapabilityPage.Child> children = new ArrayList<>();
        Optional.ofNullable(deployments.getStore().getByKey(key)).ifPresent(d -> {
            int want = d.getSpec() == null || d.getSpec().getReplicas() == null ? -1 : d.getSpec().getReplicas();
            int available = d.getStatus() == null || d.getStatus().getAvailableReplicas() == null ? 0 : d.getStatus().getAvailableReplicas();
            String state = available + (want < 0 ? " available" : "/" + want + " available");
            children.add(new CapabilityPage.Child("Deployment", d.getMetadata().getName(), state,
                    available > 0 ? Html.Tone.GOOD : want == 0 ? Html.Tone.NEUTRAL : Html.Tone.PENDING));
        });
        services.getStore().list().stream().filter(s -> s.getMetadata().getNamespace().equals(capability.getMetadata().getNamespace())
                        && (s.getMetadata().getName().equals(name) || s.getMetadata().getName().startsWith(name + "-")) && ownedBy(s, name))
                .forEach(s -> children.add(new CapabilityPage.Child("Service", s.getMetadata().getName(),
                        s.getSpec().getPorts().stream().map(p -> p.getName() + ":" + p.getPort()).collect(Collectors.joining(" ")),
                        Html.Tone.GOOD)));
        Optional.ofNullable(autoscalers.getStore().getByKey(key)).ifPresent(h -> children.add(new CapabilityPage.Child(
                "HorizontalPodAutoscaler", h.getMetadata().getName(), (h.getStatus() == null || h.getStatus().getCurrentReplicas() == null ? "?"
                        : h.getStatus().getCurrentReplicas()) + " of " + h.getSpec().getMinReplicas() + "-" + h.getSpec().getMaxReplicas()
                        + " → " + h.getSpec().getScaleTargetRef().getKind(), Html.Tone.GOOD)));
        Optional.ofNullable(configMaps.getStore().getByKey(key)).ifPresent(c -> children.add(new CapabilityPage.Child("ConfigMap",
                c.getMetadata().getName(), "the document", Html.Tone.GOOD)));
        return children;
    }

    @Override
    public Optional<String> document(Capability capability) {
        return Optional.ofNullable(configMaps.getStore().getByKey(Cache.metaNamespaceKeyFunc(capability)))
                .map(c -> c.getData() == null ? null : c.getData().get("capability.yaml"));
    }

    private static boolean ownedBy(HasMetadata child, String capability) {
        return child.getMetadata().getOwnerReferences() != null && child.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> "Capability".equals(o.getKind()) && capability.equals(o.getName()));
    }

    @Override
    public void close() {
        all.forEach(SharedIndexInformer::close);
    }
}
