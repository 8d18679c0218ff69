package io.naftiko.skipper.reconciler.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.reconciler.desired.DesiredAnalysisTemplate;
import io.naftiko.skipper.reconciler.desired.DesiredRollout;
import io.naftiko.skipper.reconciler.desired.InstalledApis;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile loop: informers on Capabilities, their children, and the ConfigMaps they read, plus a poll of
 * the bind Secrets they name (read by name, never cached), feed a de-duplicating work queue; a bounded pool of workers reconciles; failures are retried
 * with exponential backoff and jitter; every Capability is reconciled again at each resync.
 */
public final class CapabilityController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityController.class);
    private static final String SERVICE_MONITOR_CRD = "servicemonitors.monitoring.coreos.com";
    private static final String HTTP_ROUTE_CRD = "httproutes.gateway.networking.k8s.io";
    private static final List<String> ARGO_ROLLOUTS_CRDS = List.of("rollouts.argoproj.io", "analysistemplates.argoproj.io");
    private static final int HTTP_CONFLICT = 409;

    private final KubernetesClient client;
    private final ControllerOptions options;
    private final WorkQueue queue;
    private final DependencyIndex index = new DependencyIndex();
    /** Sequence of ConfigMap and Secret events, and the last one of each object, to catch those a reconcile raced with. */
    private final AtomicLong dependencyEvents = new AtomicLong();
    private final Map<String, Long> lastDependencyEvent = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> childInformers = new LinkedHashMap<>();
    private final CapabilityReconciler reconciler;
    private final ExecutorService workers;
    private final Consumer<ReconcileResult> observer;
    private SharedIndexInformer<Capability> capabilities;
    private SharedIndexInformer<ConfigMap> configMaps;
    /** The last resourceVersion seen of each bind Secret a Capability reads ({@code absent} if missing): names only. */
    private final Map<String, String> secretVersions = new ConcurrentHashMap<>();
    /** Facts of the bind Secrets some Capability reads, as last read (absent ones too): kept only for those. */
    private final Map<String, Optional<SecretFacts>> secretFacts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService secretPoller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bind-secret-poll");
        thread.setDaemon(true);
        return thread;
    });
    private volatile InstalledApis apis = InstalledApis.none();
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> argoInformers = new LinkedHashMap<>();
    private volatile boolean running;

    /**
     * A controller; nothing runs until {@link #start()}.
     *
     * @param observer told of every reconcile's result (metrics, tests)
     */
    public CapabilityController(KubernetesClient client, OperatorSettings settings, Clock clock, ControllerOptions options,
                                Consumer<ReconcileResult> observer) {
        this.client = client;
        this.options = options;
        this.queue = new WorkQueue(options.backoff());
        this.observer = observer;
        this.workers = Executors.newFixedThreadPool(options.workers(), runnable -> {
            Thread thread = new Thread(runnable, "reconcile-worker");
            thread.setDaemon(true);
            return thread;
        });
        this.reconciler = new CapabilityReconciler(client, new InformerView(), settings, clock);
    }

    /** Starts the informers, waits for their first sync, then starts the workers. */
    public void start() {
        boolean argoRollouts = ARGO_ROLLOUTS_CRDS.stream().allMatch(crd -> crdInstalled(crd, "Rollouts"));
        apis = new InstalledApis(crdInstalled(SERVICE_MONITOR_CRD, "ServiceMonitors"), crdInstalled(HTTP_ROUTE_CRD, "HTTPRoutes"),
                argoRollouts);
        long resync = options.resync().toMillis();
        capabilities = client.resources(Capability.class).inAnyNamespace().runnableInformer(resync);
        capabilities.addEventHandler(handler(this::capabilityChanged));
        configMaps = client.configMaps().inAnyNamespace().runnableInformer(0);
        configMaps.addEventHandler(handler(this::configMapChanged));
        informers.add(capabilities);
        informers.add(configMaps);
        child(Deployment.class, client.apps().deployments().inAnyNamespace().withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER)
                .runnableInformer(0));
        child(Service.class, client.services().inAnyNamespace().withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER)
                .runnableInformer(0));
        child(Ingress.class, client.network().v1().ingresses().inAnyNamespace()
                .withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER).runnableInformer(0));
        child(HorizontalPodAutoscaler.class, client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace()
                .withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER).runnableInformer(0));
        if (argoRollouts) {
            // Cached and watched like the other children: a Rollout's status (its steps, an aborted analysis) is what
            // the Capability's status reports, so its changes must reach the queue.
            for (String kind : List.of(DesiredRollout.KIND, DesiredAnalysisTemplate.KIND)) {
                SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(DesiredRollout.API_VERSION, kind)
                        .inAnyNamespace().withLabel(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER).runnableInformer(0);
                informer.addEventHandler(handler(this::childChanged));
                informers.add(informer);
                argoInformers.put(kind, informer);
            }
        }
        CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture()).toArray(CompletableFuture[]::new)).join();
        running = true;
        for (int i = 0; i < options.workers(); i++) {
            workers.submit(this::work);
        }
        secretPoller.scheduleWithFixedDelay(this::pollSecrets, options.secretPoll().toMillis(), options.secretPoll().toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("reconciler started: {} workers, resync every {}", options.workers(), options.resync());
    }

    /** Queues a Capability ({@code namespace/name}) for reconciliation, if its namespace is watched. */
    public void enqueue(String key) {
        if (options.watches(key.substring(0, key.indexOf('/')))) {
            queue.add(key);
        }
    }

    /** Stops: no new reconcile starts, running ones finish, informers close. */
    @Override
    public void close() {
        running = false;
        secretPoller.shutdownNow();
        queue.shutDown();
        workers.shutdown();
        try {
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        informers.forEach(SharedIndexInformer::close);
    }

    private <T extends HasMetadata> void child(Class<T> kind, SharedIndexInformer<T> informer) {
        informer.addEventHandler(handler(this::childChanged));
        informers.add(informer);
        childInformers.put(kind, informer);
    }

    private void work() {
        while (running) {
            Optional<String> next;
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next.isEmpty()) {
                return;
            }
            String key = next.get();
            try {
                reconcileOnce(key);
            } catch (RuntimeException | Error e) {
                // Whatever it was, the key is released and retried: one bad Capability never stops the others.
                var delay = queue.failed(key);
                LOG.error("reconcile of {} failed unexpectedly, retrying in {}", key, delay, e);
            } finally {
                queue.done(key);
            }
        }
    }

    private void reconcileOnce(String key) {
        String[] parts = key.split("/", 2);
        long eventsBefore = dependencyEvents.get();
        try {
            ReconcileResult result = reconciler.reconcile(parts[0], parts[1]);
            index.update(key, result.dependencies());
            queue.succeeded(key);
            // A ConfigMap or Secret that changed while this reconcile ran found no dependents in the index yet:
            // its event would be lost, so look again.
            if (result.dependencies().stream().anyMatch(d -> lastDependencyEvent.getOrDefault(d, 0L) > eventsBefore)) {
                enqueue(key);
            }
            observer.accept(result);
        } catch (KubernetesClientException e) {
            var delay = queue.failed(key);
            if (e.getCode() == HTTP_CONFLICT) {
                // Someone wrote first: not a failure of the Capability, just read again after a short wait.
                LOG.debug("reconcile of {} met a conflict, requeued in {}", key, delay);
                return;
            }
            String reason = "API error " + e.getCode() + ": " + e.getMessage();
            LOG.warn("reconcile of {} failed (attempt {}), retrying in {}: {}", key, queue.failures(key), delay, reason);
            reconciler.recordFailure(parts[0], parts[1], firstLine(reason));
        } catch (IllegalStateException e) {
            var delay = queue.failed(key);
            LOG.warn("reconcile of {} failed (attempt {}), retrying in {}: {}", key, queue.failures(key), delay, e.getMessage());
            reconciler.recordFailure(parts[0], parts[1], firstLine(e.getMessage()));
        }
    }

    /**
     * Looks at every bind Secret some Capability reads, by name, and re-reconciles its readers when it appeared,
     * changed or went. Runs on its own thread; a failure is logged and the next poll tries again.
     */
    private void pollSecrets() {
        try {
            Set<String> wanted = index.dependenciesOfKind("Secret");
            secretVersions.keySet().retainAll(wanted);
            secretFacts.keySet().retainAll(wanted);
            for (String dependency : wanted) {
                String[] parts = dependency.split("/", 3);
                Secret secret = client.secrets().inNamespace(parts[1]).withName(parts[2]).get();
                String version = secret == null ? "absent" : secret.getMetadata().getResourceVersion();
                String before = secretVersions.put(dependency, version);
                if (before != null && !before.equals(version)) {
                    secretFacts.put(dependency, Optional.ofNullable(secret).map(SecretFacts::of));
                    dependencyChanged(dependency);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("looking at bind Secrets failed, trying again in {}: {}", options.secretPoll(), e.getMessage());
        }
    }

    private void capabilityChanged(Object object) {
        if (object instanceof Capability capability) {
            enqueue(Cache.metaNamespaceKeyFunc(capability));
        }
    }

    private void childChanged(Object object) {
        if (object instanceof HasMetadata child && child.getMetadata().getOwnerReferences() != null) {
            for (OwnerReference owner : child.getMetadata().getOwnerReferences()) {
                if ("Capability".equals(owner.getKind())) {
                    enqueue(child.getMetadata().getNamespace() + "/" + owner.getName());
                }
            }
        }
    }

    private void configMapChanged(Object object) {
        if (object instanceof HasMetadata changed) {
            childChanged(changed);
            dependencyChanged("ConfigMap/" + changed.getMetadata().getNamespace() + "/" + changed.getMetadata().getName());
        }
    }

    /** A ConfigMap or bind Secret ({@code Kind/ns/name}) changed: its readers are reconciled again. */
    private void dependencyChanged(String dependency) {
        lastDependencyEvent.put(dependency, dependencyEvents.incrementAndGet());
        index.dependents(dependency).forEach(this::enqueue);
    }

    private boolean crdInstalled(String crd, String what) {
        try {
            return client.apiextensions().v1().customResourceDefinitions().withName(crd).get() != null;
        } catch (KubernetesClientException e) {
            LOG.info("cannot tell whether the {} CRD exists ({}); not creating {}", crd, e.getCode(), what);
            return false;
        }
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<Object> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                onChange.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                // A status-only change of a Capability (our own write) needs no reconcile; a resync
                // (same resourceVersion) and any other change do.
                if (after instanceof Capability && before != null
                        && !Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())
                        && Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
                        && Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                        && Objects.equals(before.getMetadata().getAnnotations(), after.getMetadata().getAnnotations())) {
                    return;
                }
                onChange.accept(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                onChange.accept(object);
            }
        };
    }

    private static String firstLine(String text) {
        return text == null ? "unknown error" : text.lines().findFirst().orElse(text);
    }

    /** The caches, as the reconciler reads them. */
    private final class InformerView implements ClusterView {
        @Override
        public Optional<Capability> capability(String namespace, String name) {
            return Optional.ofNullable(capabilities.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
        }

        @Override
        public Optional<ConfigMap> configMap(String namespace, String name) {
            return Optional.ofNullable(configMaps.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
        }

        @Override
        public Optional<SecretFacts> secret(String namespace, String name) {
            // Read by name the first time, then from what the last read (or the poll, which sees every change) found:
            // only key names and a digest are kept, never the data.
            String dependency = "Secret/" + namespace + "/" + name;
            Optional<SecretFacts> known = secretFacts.get(dependency);
            if (known != null) {
                return known;
            }
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            secretVersions.put(dependency, secret == null ? "absent" : secret.getMetadata().getResourceVersion());
            Optional<SecretFacts> facts = Optional.ofNullable(secret).map(SecretFacts::of);
            secretFacts.put(dependency, facts);
            return facts;
        }

        @Override
        public <T extends HasMetadata> Optional<T> child(Class<T> kind, String namespace, String name) {
            if (kind == ConfigMap.class) {
                return Optional.ofNullable(kind.cast(configMaps.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name))));
            }
            SharedIndexInformer<? extends HasMetadata> informer = childInformers.get(kind);
            return informer == null ? Optional.empty()
                    : Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name))).map(kind::cast);
        }

        @Override
        public Optional<GenericKubernetesResource> argoObject(String kind, String namespace, String name) {
            SharedIndexInformer<GenericKubernetesResource> informer = argoInformers.get(kind);
            return informer == null ? Optional.empty()
                    : Optional.ofNullable(informer.getStore().getByKey(Cache.namespaceKeyFunc(namespace, name)));
        }

        @Override
        public InstalledApis apis() {
            return apis;
        }
    }
}
