package io.naftiko.skipper.operator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.testing.StructuralSchema;
import io.naftiko.skipper.api.testing.UpstreamCrds;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.FleetStatus;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.operator.Operator;
import io.naftiko.skipper.operator.OperatorOptions;
import io.naftiko.skipper.operator.fleet.plan.FleetFixtures;
import io.naftiko.skipper.operator.fleet.plan.SourceFiles;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import io.naftiko.skipper.testkit.WebhookAdmission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet controller on the mock API, every Capability admitted by Skipper's real webhook over HTTPS (an operator
 * running only its webhook and certificates), passes run on the test's thread.
 */
class FleetControllerTest {

    static final Path FIXTURES = Fixtures.repoRoot().resolve("operator/src/test/resources/fleet-controller");
    static final String AGENT = "skipper-fleet-test";
    static final JsonNode EXTERNAL_SECRET = UpstreamCrds.schema("external-secrets/external-secrets.io_externalsecrets.yaml", "v1");

    InMemoryApiServer api;
    KubernetesClient admin;
    KubernetesClient fleetClient;
    Operator webhook;
    FleetController controller;

    @BeforeEach
    void cluster() throws Exception {
        api = InMemoryApiServer.start(SystemClock.utc());
        admin = api.client();
        ShippedClasses.all().values().forEach(c -> admin.resource(c).create());
        admin.resource(Mappers.yaml().readValue(Fixtures.read(FIXTURES.resolve("restricted-class.yaml")), CapabilityClass.class)).create();
        admin.apiextensions().v1().customResourceDefinitions().resource(Mappers.yaml().readValue(
                Fixtures.read(UpstreamCrds.ROOT.resolve("external-secrets/external-secrets.io_externalsecrets.yaml")),
                CustomResourceDefinition.class)).create();
        for (String namespace : List.of("skipper", "shop-staging", "shop", "shop-us")) {
            admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        }
        OperatorOptions defaults = OperatorOptions.defaults("skipper", "webhook-0");
        webhook = new Operator(admin, new OperatorOptions("skipper", Set.of(), Set.of("reconciler", "bundler", "fleet"), 0, 0, "webhook-0",
                defaults.certificatePass(), List.of("localhost"), defaults.lease(), defaults.reloadPeriod()), OperatorSettings.defaults(),
                SystemClock.utc());
        webhook.start();
        String bundle = new String(Base64.getDecoder().decode(admin.secrets().inNamespace("skipper").withName("skipper-ca").get()
                .getData().get("bundle.crt")), StandardCharsets.UTF_8);
        SSLContext trust = TrustStores.trusting(Pem.readCertificates(bundle));
        URI url = URI.create("https://localhost:" + webhook.webhookPort().orElseThrow());
        awaitReady(url, trust);
        api.admitWith(new WebhookAdmission(url, trust));
        fleetClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin.getConfiguration()).withUserAgent(AGENT).build()).build();
        controller = controller(Optional.empty());
        admin.resource(source("orders-source", FleetFixtures.source(FIXTURES.resolve("orders")))).create();
        admin.resource(source("harbour-source", FleetFixtures.source(FIXTURES.resolve("harbour")))).create();
    }

    @AfterEach
    void stop() {
        webhook.close();
        fleetClient.close();
        admin.close();
        api.close();
    }

    FleetController controller(Optional<String> cluster) {
        return new FleetController(fleetClient, new OwnedWriter(fleetClient), cluster, "skipper",
                Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void anEditCreatesTheNextRevisionWhichReachesStagingAndNotPinnedProd() {
        createFleet(UnaryOperator.identity());
        converge();
        String first = digest("shop-staging", "orders");
        assertThat(digest("shop", "orders")).isEqualTo(first);
        assertThat(revisions()).containsExactlyInAnyOrder("orders 1", "harbour 1");

        editSource("orders-source", text -> text + "# a comment, as a commit would add\n");
        converge();

        assertThat(revisions()).containsExactlyInAnyOrder("orders 1", "orders 2", "harbour 1");
        String second = digest("shop-staging", "orders");
        assertThat(second).isNotEqualTo(first);
        assertThat(specOf("shop-staging", "orders")).endsWith("# a comment, as a commit would add\n");
        assertThat(digest("shop", "orders")).isEqualTo(first);
        assertThat(specOf("shop", "orders")).doesNotContain("a comment");
        // Staging's previous spec ConfigMap is gone; each environment holds exactly the one it runs.
        assertThat(fleetConfigMaps("shop-staging", "orders")).containsExactlyInAnyOrder("orders-spec-" + hex12(second), "orders-import-orders");
        FleetStatus status = fleet().getStatus();
        assertThat(status.environments()).extracting(FleetStatus.EnvironmentStatus::name).containsExactly("staging", "prod");
        assertThat(status.environments().get(0).capabilities()).extracting(FleetStatus.CapabilityRun::name, FleetStatus.CapabilityRun::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("orders", 2), org.assertj.core.groups.Tuple.tuple("harbour", 1));
        assertThat(status.environments().get(1).capabilities()).extracting(FleetStatus.CapabilityRun::revision).containsExactly(1, 1);
        assertThat(condition("PinUnavailable").getStatus()).isEqualTo("False");
        assertThat(condition("Denied").getStatus()).isEqualTo("False");
    }

    @Test
    void promotingMovesProdsPinAndProdThenHoldsThePromotedBytesExactly() {
        createFleet(UnaryOperator.identity());
        converge();
        editSource("orders-source", text -> text.replace("Orders", "Orders, promoted"));
        converge();
        String staging = specOf("shop-staging", "orders");

        editFleet(spec -> spec.withEnvironment("prod", e -> e.withPin("orders", new FleetSpec.Pin(2, null))));
        converge();

        assertThat(specOf("shop", "orders")).isEqualTo(staging).contains("Orders, promoted");
        assertThat(digest("shop", "orders")).isEqualTo(digest("shop-staging", "orders"));
        assertThat(admin.configMaps().inNamespace("shop").withName("orders-import-orders").get().getData())
                .isEqualTo(admin.configMaps().inNamespace("shop-staging").withName("orders-import-orders").get().getData());
    }

    @Test
    void aPinToADigestTheClusterNeverSawIsPinUnavailableAndProdIsUntouched() throws Exception {
        createFleet(UnaryOperator.identity());
        converge();
        String prodVersion = admin.resources(Capability.class).inNamespace("shop").withName("orders").get().getMetadata().getResourceVersion();
        String unknown = "sha256:" + "0".repeat(64);

        editFleet(spec -> spec.withEnvironment("prod", e -> e.withPin("orders", new FleetSpec.Pin(null, unknown))));
        api.takeRequests();
        controller.pass();

        Condition pin = condition("PinUnavailable");
        assertThat(pin.getStatus()).isEqualTo("True");
        assertThat(pin.getMessage()).contains("prod/orders: pinned to digest " + unknown).contains("keeps running revision 1");
        assertThat(condition("Ready").getReason()).isEqualTo("PinUnavailable");
        assertThat(admin.resources(Capability.class).inNamespace("shop").withName("orders").get().getMetadata().getResourceVersion())
                .isEqualTo(prodVersion);
        assertThat(writes()).noneMatch(w -> w.contains("/namespaces/shop/"));
    }

    @Test
    void anOverrideTheTierDeniesIsDeniedWithTheWebhooksMessageAndStagingKeepsWhatItRan() {
        createFleet(UnaryOperator.identity());
        converge();
        Capability before = admin.resources(Capability.class).inNamespace("shop-staging").withName("orders").get();
        editSource("orders-source", text -> text + "# revision 2\n");

        editFleet(spec -> spec.withEnvironment("staging", e -> e.withOverride("orders",
                new FleetSpec.CapabilityOverride("restricted", 1, null, null))));
        converge();

        Condition denied = condition("Denied");
        assertThat(denied.getStatus()).isEqualTo("True");
        assertThat(denied.getMessage()).startsWith("staging/orders: admission webhook \"")
                .contains("denied the request").contains("restricted");
        Capability after = admin.resources(Capability.class).inNamespace("shop-staging").withName("orders").get();
        assertThat(after.getMetadata().getResourceVersion()).isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getLabels()).containsEntry(NaftikoLabels.TIER, "dev");
        // Nothing staging runs changed: its import still holds revision 1's bytes, its spec ConfigMap stays.
        assertThat(specOf("shop-staging", "orders")).doesNotContain("# revision 2");
        assertThat(admin.configMaps().inNamespace("shop-staging").withName(after.getSpec().getSpecRef().configMap()).get()).isNotNull();
        assertThat(fleet().getStatus().environments().get(0).capabilities().get(0).revision()).isEqualTo(1);
    }

    @Test
    void aCapabilityTheManifestNoLongerNamesIsRemovedFromEveryEnvironment() {
        createFleet(UnaryOperator.identity());
        converge();
        assertThat(admin.resources(Capability.class).inNamespace("shop").withName("harbour").get()).isNotNull();

        editFleet(spec -> new FleetSpec(spec.sources(), spec.revisionHistoryLimit(),
                spec.capabilities().stream().filter(c -> !c.name().equals("harbour")).toList(),
                spec.environments().stream().map(e -> new FleetSpec.Environment(e.name(), e.namespace(), e.cluster(), e.track(),
                        e.promotesFrom(), e.overrides(), e.binds(), e.pins() == null ? null : Map.of("orders", e.pins().get("orders"))))
                        .toList()));
        converge();

        assertThat(admin.resources(Capability.class).inAnyNamespace().withLabel(NaftikoLabels.CAPABILITY, "harbour").list().getItems()).isEmpty();
        assertThat(admin.configMaps().inAnyNamespace().withLabel(NaftikoLabels.FLEET, "shop").withLabel(NaftikoLabels.CAPABILITY, "harbour")
                .list().getItems()).isEmpty();
        assertThat(admin.resources(Capability.class).inAnyNamespace().withLabel(NaftikoLabels.CAPABILITY, "orders").list().getItems())
                .hasSize(2);
    }

    @Test
    void aConvergedFleetMakesNoWriteInAResync() throws Exception {
        createFleet(UnaryOperator.identity());
        converge();
        controller.pass();
        api.takeRequests();

        controller.pass();

        assertThat(writes()).isEmpty();
    }

    @Test
    void stagingsBindsBecomeAnExternalSecretTheRealCrdAccepts() {
        createFleet(UnaryOperator.identity());
        converge();

        GenericKubernetesResource secret = admin.genericKubernetesResources(FleetController.EXTERNAL_SECRETS).inNamespace("shop-staging")
                .withName("orders-bind-shared").get();
        assertThat(secret).isNotNull();
        assertThat(StructuralSchema.validate(EXTERNAL_SECRET, Mappers.json().valueToTree(secret))).isEmpty();
        assertThat(Mappers.json().valueToTree(secret).path("spec").path("target").path("name").asText()).isEqualTo("orders-bind-shared");
        assertThat(admin.genericKubernetesResources(FleetController.EXTERNAL_SECRETS).inNamespace("shop").list().getItems()).isEmpty();
    }

    @Test
    void withoutExternalSecretsOperatorTheFleetNamesWhatIsMissingAndStillRuns() {
        admin.apiextensions().v1().customResourceDefinitions().withName(FleetController.EXTERNAL_SECRETS_CRD).delete();
        createFleet(UnaryOperator.identity());
        converge();

        Condition ready = condition("Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getMessage()).contains("ExternalSecret (external-secrets.io/v1) is not served")
                .contains("External Secrets Operator").contains("staging/orders");
        assertThat(admin.resources(Capability.class).inNamespace("shop-staging").withName("orders").get()).isNotNull();
    }

    @Test
    void anEnvironmentOfAnotherClusterIsLeftToThatClustersOperator() {
        createFleet(UnaryOperator.identity());
        converge();
        assertThat(admin.resources(Capability.class).inNamespace("shop-us").list().getItems()).isEmpty();

        FleetController prodUs = controller(Optional.of("prod-us"));
        prodUs.pass();
        prodUs.pass();

        assertThat(admin.resources(Capability.class).inNamespace("shop-us").withName("orders").get()).isNotNull();
    }

    // --- helpers

    /**
     * Two passes: a new revision's spec ConfigMap is written one pass before the Capability that refers to it, so
     * the webhook's cache holds it when the Capability is admitted.
     */
    void converge() {
        controller.pass();
        controller.pass();
    }

    void createFleet(UnaryOperator<FleetSpec> change) {
        Fleet fleet = FleetFixtures.fleet(FIXTURES.resolve("shop.fleet.yaml"));
        fleet.setSpec(change.apply(fleet.getSpec()));
        admin.resource(fleet).create();
    }

    void editFleet(UnaryOperator<FleetSpec> change) {
        admin.resources(Fleet.class).withName("shop").edit(fleet -> {
            fleet.setSpec(change.apply(fleet.getSpec()));
            return fleet;
        });
    }

    static ConfigMap source(String name, SourceFiles files) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("skipper").endMetadata().withData(files.files()).build();
    }

    void editSource(String name, UnaryOperator<String> change) {
        admin.configMaps().inNamespace("skipper").withName(name).edit(c -> {
            c.getData().put(SourceFiles.DOCUMENT, change.apply(c.getData().get(SourceFiles.DOCUMENT)));
            return c;
        });
    }

    Fleet fleet() {
        return admin.resources(Fleet.class).withName("shop").get();
    }

    Condition condition(String type) {
        return fleet().getStatus().conditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    String digest(String namespace, String capability) {
        return admin.resources(Capability.class).inNamespace(namespace).withName(capability).get().getMetadata().getAnnotations()
                .get(NaftikoLabels.FLEET_DIGEST);
    }

    String specOf(String namespace, String capability) {
        Capability live = admin.resources(Capability.class).inNamespace(namespace).withName(capability).get();
        return admin.configMaps().inNamespace(namespace).withName(live.getSpec().getSpecRef().configMap()).get().getData()
                .get(SourceFiles.DOCUMENT);
    }

    List<String> revisions() {
        return admin.apps().controllerRevisions().inNamespace("skipper").withLabel(NaftikoLabels.FLEET, "shop").list().getItems().stream()
                .map(r -> r.getMetadata().getLabels().get(NaftikoLabels.CAPABILITY) + " " + r.getRevision()).toList();
    }

    List<String> fleetConfigMaps(String namespace, String capability) {
        return admin.configMaps().inNamespace(namespace).withLabel(NaftikoLabels.CAPABILITY, capability).list().getItems().stream()
                .map(c -> c.getMetadata().getName()).toList();
    }

    static String hex12(String digest) {
        return digest.substring("sha256:".length(), "sha256:".length() + 12);
    }

    /** The fleet controller's write requests since the last take. */
    List<String> writes() throws InterruptedException {
        return api.takeRequests().stream().filter(r -> AGENT.equals(r.userAgent()) && !"GET".equals(r.method()))
                .map(r -> r.method() + " " + r.path()).toList();
    }

    static void awaitReady(URI webhook, SSLContext trust) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(trust).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (http.send(HttpRequest.newBuilder(webhook.resolve("/readyz")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the webhook never became ready");
    }
}
