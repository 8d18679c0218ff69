package io.naftiko.skipper.webhook.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Admission's lookups backed by informer caches (CapabilityClasses, ConfigMaps, Namespaces), so that an admission
 * request makes no API call, except one GET for a specRef ConfigMap the cache does not hold (yet). Ready once every
 * cache has synced.
 */
public final class InformerLookups implements AutoCloseable {

    private final SharedIndexInformer<CapabilityClass> classes;
    private final SharedIndexInformer<ConfigMap> configMaps;
    private final SharedIndexInformer<Namespace> namespaces;
    private final AdmissionContext context;
    private final CompletableFuture<Void> synced;

    /** Starts the informers; they sync in the background (see {@link #isSynced()}). */
    public InformerLookups(KubernetesClient client, OperatorSettings settings) {
        this.classes = client.resources(CapabilityClass.class).runnableInformer(0);
        this.configMaps = client.configMaps().inAnyNamespace().runnableInformer(0);
        this.namespaces = client.namespaces().runnableInformer(0);
        this.synced = CompletableFuture.allOf(classes.start().toCompletableFuture(),
                configMaps.start().toCompletableFuture(), namespaces.start().toCompletableFuture());
        this.context = new AdmissionContext(
                name -> Optional.ofNullable(classes.getStore().getByKey(name)),
                // A miss is read once from the API: a ConfigMap written just before its Capability (as the fleet
                // controller does) may not have reached the cache yet, and a miss would deny the Capability.
                (namespace, name) -> Optional.ofNullable(configMaps.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)))
                        .or(() -> Optional.ofNullable(client.configMaps().inNamespace(namespace).withName(name).get()))
                        .map(cm -> cm.getData() == null ? Map.<String, String>of() : cm.getData()),
                namespace -> Optional.ofNullable(namespaces.getStore().getByKey(namespace))
                        .map(ns -> ns.getMetadata().getLabels() == null ? Map.<String, String>of() : ns.getMetadata().getLabels()),
                settings);
    }

    /** Whether every cache has its first full list. */
    public boolean isSynced() {
        return classes.hasSynced() && configMaps.hasSynced() && namespaces.hasSynced();
    }

    /** Waits for the first sync, at most {@code seconds}. */
    public boolean awaitSync(long seconds) {
        try {
            synced.get(seconds, TimeUnit.SECONDS);
            return isSynced();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** The admission context over the caches. */
    public AdmissionContext context() {
        return context;
    }

    @Override
    public void close() {
        classes.close();
        configMaps.close();
        namespaces.close();
    }
}
