package io.naftiko.skipper.operator.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.rotation.CertificateRotation;
import io.naftiko.skipper.operator.events.OperatorEvent;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The certificate manager against a (mock) API server, with a clock the test moves. */
class CertificateManagerTest {

    InMemoryApiServer api;
    KubernetesClient client;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MutableClock clock;
    CertificateManager manager;

    @BeforeEach
    void cluster() throws Exception {
        clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        api = InMemoryApiServer.start(clock);
        client = api.client();
        String yaml = Fixtures.read(Fixtures.repoRoot().resolve("deploy/webhook/webhook-configurations.yaml"));
        try (JsonParser parser = Mappers.yaml().createParser(yaml)) {
            for (JsonNode node = Mappers.yaml().readTree(parser); node != null; node = Mappers.yaml().readTree(parser)) {
                client.resource(node.path("kind").asText().startsWith("Mutating")
                        ? Mappers.json().treeToValue(node, MutatingWebhookConfiguration.class)
                        : Mappers.json().treeToValue(node, ValidatingWebhookConfiguration.class)).create();
            }
        }
        Warden warden = new Warden();
        warden.setMetadata(new ObjectMetaBuilder().withName("warden-a").withNamespace("shop").build());
        warden.setSpec(new WardenSpec(List.of("payments"), null));
        client.resource(warden).create();
        manager = new CertificateManager(client, CertificateSettings.defaults("skipper"), clock, registry);
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void theFirstPassCreatesEverythingAndTheSecondWritesNothing() throws Exception {
        List<OperatorEvent> first = manager.reconcile();

        assertThat(first).extracting(OperatorEvent::reason).contains("Missing", "CaBundleWritten", "CertificateExpiryUpdated");
        List<X509Certificate> bundle = bundle();
        assertThat(bundle).hasSize(1);
        X509Certificate serving = leaf("skipper", "skipper-webhook-tls");
        assertThat(serving.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactly("skipper-webhook", "skipper-webhook.skipper", "skipper-webhook.skipper.svc");
        serving.verify(bundle.get(0).getPublicKey());
        X509Certificate warden = leaf("shop", "warden-a-warden-mtls");
        assertThat(warden.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactly("spiffe://naftiko.io/ns/shop/warden/warden-a");
        assertThat(warden.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        warden.verify(bundle.get(0).getPublicKey());
        assertThat(client.secrets().inNamespace("shop").withName("warden-a-warden-mtls").get().getMetadata().getOwnerReferences())
                .singleElement().satisfies(o -> assertThat(o.getKind()).isEqualTo("Warden"));
        assertThat(wardenExpiry()).isEqualTo(warden.getNotAfter().toInstant().toString());
        assertThat(caBundles()).containsOnly(Pem.certificates(bundle)).hasSize(4);

        List<String> versions = resourceVersions();
        assertThat(manager.reconcile()).isEmpty();
        assertThat(resourceVersions()).isEqualTo(versions);
    }

    @Test
    void leavesRenewInTheirWindowKeepingTheirKeys() throws Exception {
        manager.reconcile();
        X509Certificate before = leaf("skipper", "skipper-webhook-tls");
        X509Certificate ca = bundle().get(0);

        clock.advance(Duration.ofDays(59));
        assertThat(manager.reconcile()).isEmpty();
        clock.advance(Duration.ofDays(2));
        List<OperatorEvent> renewed = manager.reconcile();

        // The webhook's, the bundle server's and the gateway's serving certificates, then the Warden's client certificate.
        assertThat(renewed).extracting(OperatorEvent::reason).containsExactly("RenewalWindow", "RenewalWindow", "RenewalWindow",
                "RenewalWindow", "CertificateExpiryUpdated");
        X509Certificate after = leaf("skipper", "skipper-webhook-tls");
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getPublicKey()).isEqualTo(before.getPublicKey());
        assertThat(after.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
        assertThat(bundle()).containsExactly(ca);
    }

    @Test
    void aCaBundleEditedAwayIsWrittenBack() throws Exception {
        manager.reconcile();
        MutatingWebhookConfiguration edited = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("skipper").get();
        edited.getWebhooks().get(0).getClientConfig().setCaBundle(null);
        client.resource(edited).update();

        assertThat(manager.reconcile()).extracting(OperatorEvent::reason).containsExactly("CaBundleWritten");
        assertThat(caBundles()).containsOnly(Pem.certificates(bundle()));
    }

    @Test
    void aCaRotationIsTrustedEverywhereBeforeItSignsAndRetiresTheOldCaOnlyAfterEveryLeafPropagated() throws Exception {
        manager.reconcile();
        X509Certificate oldCa = bundle().get(0);
        clock.advance(Duration.ofDays(1220));

        List<String> caSteps = new ArrayList<>();
        X509Certificate newCa = null;
        for (int pass = 0; pass < 20 && (newCa == null || bundle().size() > 1); pass++) {
            for (OperatorEvent event : manager.reconcile()) {
                if (event.object().equals("Secret skipper/skipper-ca")) {
                    caSteps.add(event.reason());
                }
            }
            Secret ca = client.secrets().inNamespace("skipper").withName("skipper-ca").get();
            if (newCa == null && ca.getData().containsKey("next-ca.crt")) {
                newCa = Pem.readCertificates(text(ca, "next-ca.crt")).get(0);
            }
            if (newCa != null) {
                assertTrustedBeforeUsed(newCa);
            }
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(caSteps).containsExactly("RenewalWindow", "TrustPublished", "TrustPropagated", "RotationComplete");
        assertThat(bundle()).containsExactly(newCa).doesNotContain(oldCa);
        assertThat(caBundles()).containsOnly(Pem.certificate(newCa));
        leaf("skipper", "skipper-webhook-tls").verify(newCa.getPublicKey());
        leaf("shop", "warden-a-warden-mtls").verify(newCa.getPublicKey());
        assertThat(text(client.secrets().inNamespace("shop").withName("warden-a-warden-mtls").get(), "ca.crt"))
                .isEqualTo(Pem.certificate(newCa));
    }

    /** No leaf from the new CA exists unless every caBundle and every leaf's trust bundle already holds the new CA. */
    private void assertTrustedBeforeUsed(X509Certificate newCa) throws Exception {
        List<Secret> leaves = List.of(client.secrets().inNamespace("skipper").withName("skipper-webhook-tls").get(),
                client.secrets().inNamespace("skipper").withName("skipper-bundles-tls").get(),
                client.secrets().inNamespace("shop").withName("warden-a-warden-mtls").get());
        boolean used = false;
        for (Secret leaf : leaves) {
            used |= CertificateRotation.issuedBy(Pem.readCertificates(text(leaf, "tls.crt")).get(0), newCa);
        }
        if (used) {
            assertThat(caBundles()).allSatisfy(bundle -> assertThat(bundle).contains(Pem.certificate(newCa).strip()));
            for (Secret leaf : leaves) {
                assertThat(text(leaf, "ca.crt")).contains(Pem.certificate(newCa).strip());
            }
        }
    }

    @Test
    void anUnreadableCaSecretIsAWarningAndAMetricAndNeverReplaced() throws Exception {
        manager.reconcile();
        Secret ca = client.secrets().inNamespace("skipper").withName("skipper-ca").get();
        ca.getData().put("ca.crt", Base64.getEncoder().encodeToString("-----BEGIN CERTIFICATE-----\nbroken\n".getBytes(StandardCharsets.UTF_8)));
        client.resource(ca).update();
        String version = client.secrets().inNamespace("skipper").withName("skipper-ca").get().getMetadata().getResourceVersion();

        List<OperatorEvent> events = manager.reconcile();

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo("Warning");
            assertThat(event.reason()).isEqualTo("CaUnreadable");
            assertThat(event.message()).contains("skipper/skipper-ca cannot be read").contains("not replaced");
        });
        assertThat(registry.counter(CertificateManager.CA_UNREADABLE_METRIC).count()).isEqualTo(1.0);
        assertThat(client.secrets().inNamespace("skipper").withName("skipper-ca").get().getMetadata().getResourceVersion())
                .as("no new CA replaces it").isEqualTo(version);
        assertThat(manager.ensureServingCertificates()).extracting(OperatorEvent::reason).containsExactly("CaUnreadable");
    }

    @Test
    void beforeTheElectionOnlyWhatIsMissingIsCreatedAndAnotherReplicasCopyIsKept() throws Exception {
        List<OperatorEvent> first = manager.ensureServingCertificates();
        // The CA, then the webhook's, the bundle server's and the gateway's serving certificates.
        assertThat(first).extracting(OperatorEvent::reason).containsExactly("Missing", "Missing", "Missing", "Missing");
        List<String> versions = resourceVersions().subList(0, 2);

        CertificateManager otherReplica = new CertificateManager(client, CertificateSettings.defaults("skipper"), clock, registry);
        assertThat(otherReplica.ensureServingCertificates()).isEmpty();
        assertThat(resourceVersions().subList(0, 2)).isEqualTo(versions);
    }

    private List<X509Certificate> bundle() throws Exception {
        return Pem.readCertificates(text(client.secrets().inNamespace("skipper").withName("skipper-ca").get(), "bundle.crt"));
    }

    private X509Certificate leaf(String namespace, String name) throws Exception {
        return Pem.readCertificates(text(client.secrets().inNamespace(namespace).withName(name).get(), "tls.crt")).get(0);
    }

    private String wardenExpiry() {
        return client.resources(Warden.class).inNamespace("shop").withName("warden-a").get().getStatus().certificateNotAfter();
    }

    private List<String> caBundles() {
        return Stream.concat(
                client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("skipper").get().getWebhooks().stream()
                        .map(w -> w.getClientConfig().getCaBundle()),
                client.admissionRegistration().v1().validatingWebhookConfigurations().withName("skipper").get().getWebhooks().stream()
                        .map(w -> w.getClientConfig().getCaBundle()))
                .map(b -> b == null ? "" : new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8)).toList();
    }

    private List<String> resourceVersions() {
        return Stream.of(client.secrets().inNamespace("skipper").withName("skipper-ca").get(),
                        client.secrets().inNamespace("skipper").withName("skipper-webhook-tls").get(),
                        client.secrets().inNamespace("shop").withName("warden-a-warden-mtls").get())
                .map(s -> s == null ? "absent" : s.getMetadata().getResourceVersion()).toList();
    }

    private static String text(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
