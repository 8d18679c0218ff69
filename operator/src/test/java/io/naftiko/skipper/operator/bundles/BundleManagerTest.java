package io.naftiko.skipper.operator.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenSpec;
import io.naftiko.skipper.bundler.BundleArchive;
import io.naftiko.skipper.bundler.BundleVerifier;
import io.naftiko.skipper.bundler.OpaConfiguration;
import io.naftiko.skipper.bundler.PublishOutcome;
import io.naftiko.skipper.bundler.ServedBundle;
import io.naftiko.skipper.bundler.StatusReport;
import io.naftiko.skipper.bundler.VerificationKey;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.signing.SigningKeyRotation;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.operator.certificates.MutableClock;
import io.naftiko.skipper.operator.events.OperatorEvent;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bundles from ConfigMaps, Warden configurations and signing-key rotation against a (mock) API server. */
class BundleManagerTest {

    static final WardenIdentity EDGE = new WardenIdentity("shop", "edge");

    InMemoryApiServer api;
    KubernetesClient client;
    MutableClock clock;
    BundleWatcher manager;
    WardenController wardens;
    SigningKeyController signingKeys;
    final List<PublishOutcome> outcomes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        api = InMemoryApiServer.start(clock);
        client = api.client();
        manager = new BundleWatcher(client, new BundleWatcher.Settings("skipper", "https://skipper-bundles.skipper.svc:8443",
                SigningKeyRotation.Policy.defaults(), Duration.ofSeconds(60), 1024 * 1024, true), outcomes::add);
        OwnedWriter writer = new OwnedWriter(client);
        wardens = new WardenController(client, manager, writer, clock);
        signingKeys = new SigningKeyController(manager, wardens, writer, clock);
        Warden warden = new Warden();
        warden.setMetadata(new ObjectMetaBuilder().withName("edge").withNamespace("shop").build());
        warden.setSpec(new WardenSpec(List.of("tier"), null));
        client.resource(warden).create();
        policy("tier-rules", "tier", "package naftiko.tier\n\nallow := true\n");
        manager.start();
    }

    @AfterEach
    void stop() {
        manager.close();
        client.close();
        api.close();
    }

    /** The leader's two passes, in the order the operator schedules them. */
    List<OperatorEvent> leaderPass() {
        List<OperatorEvent> events = new ArrayList<>(signingKeys.pass());
        events.addAll(wardens.pass());
        return events;
    }

    void policy(String name, String bundle, String rego) {
        ConfigMap configMap = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("skipper")
                .addToLabels(NaftikoLabels.BUNDLE, bundle).endMetadata()
                .addToData("policy.rego", rego).addToData("README.md", "not policy").build();
        client.configMaps().inNamespace("skipper").resource(configMap).createOr(existing -> existing.update());
    }

    ServedBundle served() {
        return manager.store().current("tier").orElseThrow();
    }

    JsonNode storedConfiguration() throws Exception {
        ConfigMap stored = client.configMaps().inNamespace("shop").withName("edge" + WardenController.CONFIG_SUFFIX).get();
        return Mappers.yaml().readTree(stored.getData().get(WardenController.CONFIG_KEY));
    }

    static <T> T eventually(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        for (int i = 0; i < 100 && !done.test(value.get()); i++) {
            Thread.sleep(50);
        }
        return value.get();
    }

    @Test
    void theFirstLeaderPassMakesTheKeyThenBundlesAndWardenConfigurationsFollow() throws Exception {
        List<OperatorEvent> events = leaderPass();

        assertThat(events).extracting(OperatorEvent::reason).containsExactly("NoSigningKey", "ConfigurationCreated");
        ServedBundle bundle = served();
        SigningKeys keys = SigningKeys.from(client.secrets().inNamespace("skipper").withName(SigningKeys.SECRET).get());
        assertThat(bundle.keyId()).isEqualTo(keys.current().orElseThrow().keyId());
        Map<String, byte[]> files = BundleArchive.read(bundle.bytes());
        assertThat(files).containsOnlyKeys("tier-rules/policy.rego", ".manifest", ".signatures.json");

        JsonNode configuration = storedConfiguration();
        assertThat(configuration.path("bundles").path("tier").path("resource").asText()).isEqualTo("bundles/tier");
        assertThat(configuration.path("bundles").path("tier").path("signing").path("keyid").asText()).isEqualTo(bundle.keyId());
        assertThat(configuration.path("services").path("skipper").path("url").asText()).isEqualTo("https://skipper-bundles.skipper.svc:8443");
        String publicPem = configuration.path("keys").path(bundle.keyId()).path("key").asText();
        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain("PRIVATE");
        // A Warden with only its configuration verifies the bundle.
        BundleVerifier.verify(files, new VerificationKey(Pem.readPublicKey(publicPem), "RS256", Optional.of(bundle.keyId()), Optional.empty()));
        assertThat(manager.grants(EDGE)).contains(Set.of("tier"));
        assertThat(manager.grants(new WardenIdentity("shop", "other"))).isEmpty();
        assertThat(client.resources(Warden.class).inNamespace("shop").withName("edge").get().getStatus().conditions())
                .singleElement().satisfies(ready -> {
                    assertThat(ready.getStatus()).isEqualTo("True");
                    assertThat(ready.getReason()).isEqualTo("BundlesServed");
                });

        assertThat(leaderPass()).isEmpty();
    }

    @Test
    void aChangedConfigMapIsANewRevisionAndABrokenOneKeepsTheLastGood() throws Exception {
        leaderPass();
        ServedBundle first = served();

        policy("tier-rules", "tier", "package naftiko.tier\n\nallow := false\n");
        ServedBundle second = eventually(this::served, bundle -> !bundle.revision().equals(first.revision()));
        assertThat(second.revision()).isNotEqualTo(first.revision());

        policy("tier-rules", "tier", "package naftiko.tier\n\nallow := \u0000{");
        client.configMaps().inNamespace("skipper").resource(new ConfigMapBuilder().withNewMetadata().withName("tier-data")
                .withNamespace("skipper").addToLabels(NaftikoLabels.BUNDLE, "tier").endMetadata()
                .addToData("data.json", "{\"broken\": ").build()).create();
        List<PublishOutcome> rejected = eventually(() -> outcomes.stream().filter(o -> o.result() == PublishOutcome.Result.REJECTED)
                .toList(), list -> !list.isEmpty());
        assertThat(rejected).first().satisfies(outcome -> assertThat(outcome.message())
                .startsWith("tier-data/data.json: not valid JSON").endsWith("(still serving revision " + served().revision() + ")"));
    }

    @Test
    void theNextKeyReachesEveryWardenBeforeItSigns() throws Exception {
        leaderPass();
        String firstKey = served().keyId();

        clock.advance(Duration.ofDays(61));
        List<OperatorEvent> prepare = leaderPass();
        JsonNode during = storedConfiguration();

        assertThat(prepare).extracting(OperatorEvent::reason).containsExactly("RotationDue", "ConfigurationUpdated");
        assertThat(OpaConfiguration.trustedKeyIds((ObjectNode) during)).hasSize(2).contains(firstKey);
        assertThat(served().keyId()).as("nothing is signed with the new key yet").isEqualTo(firstKey);

        clock.advance(Duration.ofMinutes(5));
        assertThat(leaderPass()).as("it waits for Wardens to load the new key").isEmpty();

        clock.advance(Duration.ofMinutes(10));
        List<OperatorEvent> switched = leaderPass();
        String secondKey = served().keyId();

        assertThat(switched).extracting(OperatorEvent::reason).containsExactly("NextKeyPropagated", "ConfigurationUpdated");
        assertThat(secondKey).isNotEqualTo(firstKey);
        assertThat(OpaConfiguration.trustedKeyIds((ObjectNode) during)).contains(secondKey);
        assertThat(storedConfiguration().path("bundles").path("tier").path("signing").path("keyid").asText()).isEqualTo(secondKey);
    }

    @Test
    void statusReportsLandOnTheWardenStatus() throws Exception {
        leaderPass();
        Map<String, String> revisions = new HashMap<>(Map.of("tier", served().revision()));

        wardens.record(new StatusReport(EDGE, "opa-1", revisions, List.of(), clock.instant()));
        wardens.record(new StatusReport(EDGE, "opa-2", Map.of(), List.of("tier: signature verification failed"), clock.instant()));

        Warden warden = eventually(() -> client.resources(Warden.class).inNamespace("shop").withName("edge").get(),
                w -> w.getStatus() != null && w.getStatus().instances() != null && w.getStatus().instances().size() == 2);
        assertThat(warden.getStatus().instances()).extracting(i -> i.id()).containsExactlyInAnyOrder("opa-1", "opa-2");
        assertThat(warden.getStatus().instances()).filteredOn(i -> i.id().equals("opa-1")).singleElement()
                .satisfies(i -> assertThat(i.activeRevisions()).containsEntry("tier", served().revision()));
        assertThat(warden.getStatus().instances()).filteredOn(i -> i.id().equals("opa-2")).singleElement()
                .satisfies(i -> assertThat(i.errors()).containsExactly("tier: signature verification failed"));
    }
}
