package io.naftiko.skipper.gateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.admission.DocumentResolution;
import io.naftiko.skipper.api.admission.DocumentResolver;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.CredentialSource;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.inventory.Targets;
import io.naftiko.skipper.gateway.upstream.UpstreamClient;
import io.naftiko.skipper.gateway.upstream.UpstreamException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory, kept from the cluster: an informer on Capabilities in scope; every pass (and soon after a Capability
 * changes) each one's document is read (inline, or its specRef ConfigMap, fetched again only when the Capability
 * changed), its MCP token read from its bind Secret (kept a minute, in memory only), and each Ready one asked for its
 * own {@code tools/list}, a few at a time. A pass that fails is logged, counted in
 * {@code skipper_pass_failures_total{pass="gateway-inventory"}} and run again on the next tick; one capability that
 * fails never stops the others.
 */
public final class ClusterInventory implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterInventory.class);
    private static final Duration TOKEN_KEPT = Duration.ofMinutes(1);
    private static final int PROBES_AT_ONCE = 4;

    /**
     * Which Capabilities the gateway serves.
     *
     * @param namespaces  these namespaces (empty: all)
     * @param environment only those of this fleet environment (empty: any)
     * @param endpoints   MCP endpoints to use instead of the Services', by {@code namespace/name} (a gateway run outside
     *                    the cluster reaches capabilities through port-forwards)
     */
    public record Scope(List<String> namespaces, String environment, Map<String, URI> endpoints) {

        /** Every Capability the gateway may read, at its Service. */
        public static Scope everything() {
            return new Scope(List.of(), "", Map.of());
        }
    }

    private record Document(String resourceVersion, Optional<IkanosDocument> document, String problem) {
    }

    private record Token(Instant until, Optional<String> value) {
    }

    private final KubernetesClient client;
    private final Scope scope;
    private final Clock clock;
    private final Counter failures;
    private final List<SharedIndexInformer<Capability>> informers = new ArrayList<>();
    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "gateway-inventory"));
    private final ExecutorService probes = Executors.newFixedThreadPool(PROBES_AT_ONCE, r -> daemon(r, "gateway-probe"));
    private volatile UpstreamClient upstream;
    private volatile Inventory inventory = Inventory.empty();
    private volatile boolean built;

    /** An inventory of a cluster's Capabilities in scope. */
    public ClusterInventory(KubernetesClient client, Scope scope, Clock clock, MeterRegistry registry) {
        this.client = client;
        this.scope = scope;
        this.clock = clock;
        this.failures = Counter.builder("skipper.pass.failures").tag("pass", "gateway-inventory")
                .description("Periodic passes that failed").register(registry);
    }

    /** Starts following the cluster and building the inventory every {@code interval}, asking capabilities through {@code client}. */
    public void start(UpstreamClient upstreamClient, Duration interval) {
        this.upstream = upstreamClient;
        if (scope.namespaces().isEmpty()) {
            informers.add(client.resources(Capability.class).inAnyNamespace().runnableInformer(0));
        } else {
            scope.namespaces().forEach(ns -> informers.add(client.resources(Capability.class).inNamespace(ns).runnableInformer(0)));
        }
        informers.forEach(SharedIndexInformer::run);
        ticker.scheduleWithFixedDelay(this::pass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The current inventory. */
    public Inventory current() {
        return inventory;
    }

    /** Whether a first inventory has been built. */
    public boolean isBuilt() {
        return built;
    }

    /** A capability's MCP bearer token, when its expose demands one and it can be read. */
    public Optional<String> token(CapabilityTarget target) {
        CredentialSource source = target.credentials();
        if (source instanceof CredentialSource.Literal literal) {
            return Optional.of(literal.token());
        }
        if (!(source instanceof CredentialSource.BindValue bind)) {
            return Optional.empty();
        }
        String key = target.namespace() + "/" + bind.secretName() + "/" + bind.fileKey() + "/" + bind.key();
        Instant now = clock.instant();
        Token known = tokens.get(key);
        if (known != null && known.until().isAfter(now)) {
            return known.value();
        }
        Optional<String> value = readBindValue(target.namespace(), bind);
        tokens.put(key, new Token(now.plus(TOKEN_KEPT), value));
        return value;
    }

    private Optional<String> readBindValue(String namespace, CredentialSource.BindValue bind) {
        Secret secret = client.secrets().inNamespace(namespace).withName(bind.secretName()).get();
        if (secret == null) {
            return Optional.empty();
        }
        String file = Optional.ofNullable(secret.getData()).map(d -> d.get(bind.fileKey()))
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                .or(() -> Optional.ofNullable(secret.getStringData()).map(d -> d.get(bind.fileKey())))
                .orElse(null);
        if (file == null) {
            return Optional.empty();
        }
        try {
            JsonNode values = Mappers.yaml().readTree(file);
            JsonNode value = values == null ? null : values.get(bind.key());
            return value == null || !value.isValueNode() ? Optional.empty() : Optional.of(value.asText());
        } catch (IOException e) {
            // The file's text is a secret: its parse error is not logged.
            return Optional.empty();
        }
    }

    private void pass() {
        try {
            List<Capability> capabilities = informers.stream().flatMap(i -> i.getStore().list().stream())
                    .filter(this::inScope).toList();
            List<Future<CapabilityTarget>> futures = new ArrayList<>();
            for (Capability capability : capabilities) {
                futures.add(probes.submit(() -> target(capability)));
            }
            List<CapabilityTarget> targets = new ArrayList<>();
            for (Future<CapabilityTarget> future : futures) {
                targets.add(future.get());
            }
            Inventory next = Inventory.of(targets);
            if (next.offersOtherThan(inventory) || !built) {
                LOG.info("gateway inventory: {} tools offered, {} withheld, over {} capabilities", next.offered().size(),
                        next.all().size() - next.offered().size(), next.targets().size());
            }
            inventory = next;
            built = true;
            var keys = targets.stream().map(CapabilityTarget::key).collect(Collectors.toSet());
            documents.keySet().retainAll(keys);
            tokens.keySet().removeIf(k -> tokens.get(k) != null && !tokens.get(k).until().isAfter(clock.instant()));
            upstream.retain(keys);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RuntimeException e) {
            failures.increment();
            LOG.warn("gateway inventory pass failed; next tick retries: {}", e.getMessage());
        }
    }

    private boolean inScope(Capability capability) {
        if (scope.environment().isEmpty()) {
            return true;
        }
        return scope.environment().equals(Optional.ofNullable(capability.getMetadata().getLabels())
                .map(l -> l.get(NaftikoLabels.ENVIRONMENT)).orElse(""));
    }

    private CapabilityTarget target(Capability capability) {
        String key = capability.getMetadata().getNamespace() + "/" + capability.getMetadata().getName();
        try {
            Document document = documents.get(key);
            if (document == null || !document.resourceVersion().equals(capability.getMetadata().getResourceVersion())) {
                document = resolve(capability);
                documents.put(key, document);
            }
            if (document.document().isEmpty()) {
                return Targets.unresolved(capability, document.problem());
            }
            CapabilityTarget located = Targets.of(capability, document.document().get());
            URI override = scope.endpoints().get(key);
            CapabilityTarget target = override == null || located.endpoint().isEmpty() ? located : located.withEndpoint(override);
            if (!target.health().isReady()) {
                return target;
            }
            if (target.credentials() instanceof CredentialSource.BindValue bind && token(target).isEmpty()) {
                return target.withHealth(Health.of(Health.State.NO_CREDENTIALS, "its MCP token (key " + bind.key() + " of "
                        + bind.fileKey() + " in Secret " + bind.secretName() + ") cannot be read"));
            }
            try {
                return target.withListedTools(upstream.listTools(target));
            } catch (UpstreamException e) {
                return target.withHealth(Health.of(e.reason() == UpstreamException.Reason.CREDENTIALS_REFUSED
                        ? Health.State.NO_CREDENTIALS : Health.State.UNREACHABLE, e.getMessage()));
            }
        } catch (KubernetesClientException e) {
            return Targets.unresolved(capability, "the gateway cannot read it (HTTP " + e.getCode() + ")");
        }
    }

    private Document resolve(Capability capability) {
        DocumentResolution resolution = DocumentResolver.resolve(capability, (namespace, name) -> Optional
                .ofNullable(client.configMaps().inNamespace(namespace).withName(name).get()).map(ConfigMap::getData));
        return new Document(capability.getMetadata().getResourceVersion(), resolution.document().map(d -> d.document()),
                resolution.violations().stream().map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        probes.shutdownNow();
        informers.forEach(SharedIndexInformer::close);
    }
}
