package io.naftiko.skipper.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.peers.NodePeers;
import io.naftiko.skipper.gateway.server.InventoryView;
import io.naftiko.skipper.gateway.upstream.UpstreamClient;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The inventory kept from a cluster (the mock API): documents, readiness, bind Secrets, each capability asked in turn. */
class ClusterInventoryTest {

    private static final String NS = "shipyard";
    private static final String TOKEN = "sk-mcp-from-the-bind-secret";
    private static final Path FLEET = Path.of("../deploy/samples/shipyard-fleet/shipyard-fleet.yml");
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private InMemoryApiServer server;
    private KubernetesClient client;
    private NodePeers peers;
    private ClusterInventory inventory;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void start() throws Exception {
        server = InMemoryApiServer.start(clock);
        client = server.client();
        peers = new NodePeers();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @AfterEach
    void stop() {
        if (inventory != null) {
            inventory.close();
        }
        peers.close();
        client.close();
        server.close();
    }

    private void capability(String name, String document, boolean ready) throws Exception {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name + "-spec").endMetadata()
                .withData(Map.of("capability.yaml", document)).build()).create();
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).build());
        capability.setSpec(new CapabilitySpec());
        capability.getSpec().setSpecRef(new SpecRef(name + "-spec", null));
        Capability created = client.resource(capability).create();
        created.setStatus(new CapabilityStatus(null, null, null, null, 1L, List.of(new ConditionBuilder().withType("Ready")
                .withStatus(ready ? "True" : "False").withReason(ready ? "Running" : "Progressing")
                .withMessage(ready ? "ok" : "0 of 1 replicas available").build()), null));
        client.resource(created).updateStatus();
    }

    private void bindSecret(String capability) {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName(capability + "-bind-shared").endMetadata()
                .withData(Map.of("secrets.yaml", Base64.getEncoder().encodeToString(("registry-bearer-token: x\nmcp-server-token: " + TOKEN
                        + "\n").getBytes(StandardCharsets.UTF_8)))).build()).create();
    }

    private Inventory eventually(Predicate<Inventory> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(inventory.isBuilt() && done.test(inventory.current())) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(done.test(inventory.current())).as("inventory reached; last: %s", InventoryView.of(inventory.current())).isTrue();
        return inventory.current();
    }

    private static Health health(Inventory inventory, String name) {
        return inventory.target(NS, name).map(CapabilityTarget::health).orElseThrow();
    }

    @Test
    void everyCapabilityIsOfferedOrWithheldWithItsReasonAndItsTokenComesFromItsBindSecret() throws Exception {
        String fleet = Files.readString(FLEET);
        int port = peers.engine(FLEET, TOKEN, "modern");
        capability("fleet", fleet, true);
        bindSecret("fleet");
        capability("no-secret", fleet, true);
        capability("pending", fleet, false);
        capability("mock", Files.readString(Path.of("../deploy/samples/shipyard-mock/shipyard-mock.yml")), true);
        capability("broken", "capability: [not, a, mapping", true);

        inventory = new ClusterInventory(client, new ClusterInventory.Scope(List.of(NS), "", Map.of(NS + "/fleet",
                URI.create("http://127.0.0.1:" + port + "/mcp"))), clock, registry);
        inventory.start(new UpstreamClient(HttpClient.newHttpClient(), Duration.ofSeconds(10), t -> inventory.token(t), "test"),
                Duration.ofMillis(200));

        Inventory built = eventually(i -> i.targets().size() == 5 && i.target(NS, "fleet").map(CapabilityTarget::toolsListed).orElse(false));
        assertThat(health(built, "fleet").isReady()).isTrue();
        assertThat(health(built, "no-secret")).isEqualTo(Health.of(Health.State.NO_CREDENTIALS, "its MCP token (key mcp-server-token of"
                + " secrets.yaml in Secret no-secret-bind-shared) cannot be read"));
        assertThat(health(built, "pending")).isEqualTo(Health.of(Health.State.NOT_READY, "Progressing: 0 of 1 replicas available"));
        assertThat(health(built, "mock").state()).isEqualTo(Health.State.NO_ENDPOINT);
        assertThat(health(built, "broken").state()).isEqualTo(Health.State.NOT_READY);
        assertThat(health(built, "broken").reason()).startsWith("spec.specRef: ConfigMap 'broken-spec' key 'capability.yaml' is not an ikanos document");
        // Three capabilities run the same document, so each of their tools is prefixed, even while two are withheld.
        assertThat(built.offered()).extracting(t -> t.exposedName()).containsExactly("fleet__create-voyage", "fleet__get-ship",
                "fleet__get-ship-with-crew", "fleet__get-voyage-manifest", "fleet__list-legacy-vessels", "fleet__list-ships");
        assertThat(Mappers.json().writeValueAsString(InventoryView.of(built))).doesNotContain(TOKEN);
        assertThat(registry.scrape()).contains("skipper_pass_failures_total{pass=\"gateway-inventory\"} 0.0");

        client.resources(Capability.class).inNamespace(NS).withName("no-secret").delete();
        eventually(i -> i.targets().size() == 4);

        // A capability going not-Ready has its tools withdrawn on the next pass.
        Capability fleetNow = client.resources(Capability.class).inNamespace(NS).withName("fleet").get();
        fleetNow.setStatus(new CapabilityStatus(null, null, null, null, 1L, List.of(new ConditionBuilder().withType("Ready")
                .withStatus("False").withReason("Degraded").withMessage("0 of 2 replicas available").build()), null));
        client.resource(fleetNow).updateStatus();
        Inventory withdrawn = eventually(i -> i.offered().isEmpty());
        assertThat(health(withdrawn, "fleet")).isEqualTo(Health.of(Health.State.NOT_READY, "Degraded: 0 of 2 replicas available"));
    }
}
