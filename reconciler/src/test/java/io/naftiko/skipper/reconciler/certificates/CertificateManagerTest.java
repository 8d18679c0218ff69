package io.naftiko.skipper.reconciler.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenSpec;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.reconciler.controller.OperatorEvent;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The certificate manager against a (mock) API server, with a clock the test moves. */
@EnableKubernetesMockClient(crud = true, https = false)
class CertificateManagerTest {

    KubernetesClient client;
    MutableClock clock;
    CertificateManager manager;

    @BeforeEach
    void cluster() throws Exception {
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
        clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
        manager = new CertificateManager(client, CertificateSettings.defaults("skipper"), clock);
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
        assertThat(caBundles()).containsOnly(Pem.certificates(bundle)).hasSize(3);

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

        // The webhook's and the bundle server's serving certificates, then the Warden's client certificate.
        assertThat(renewed).extracting(OperatorEvent::reason).containsExactly("RenewalWindow", "RenewalWindow", "RenewalWindow",
                "CertificateExpiryUpdated");
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
    void aCaRotationOverlapsUntilEveryLeafIsReissuedAndHasPropagated() throws Exception {
        manager.reconcile();
        X509Certificate oldCa = bundle().get(0);

        clock.advance(Duration.ofDays(1220));
        List<OperatorEvent> rotation = manager.reconcile();

        assertThat(rotation.get(0).reason()).isEqualTo("RenewalWindow");
        List<X509Certificate> overlap = bundle();
        assertThat(overlap).hasSize(2).last().isEqualTo(oldCa);
        X509Certificate newCa = overlap.get(0);
        assertThat(caBundles()).containsOnly(Pem.certificates(overlap));
        leaf("skipper", "skipper-webhook-tls").verify(newCa.getPublicKey());
        leaf("shop", "warden-a-warden-mtls").verify(newCa.getPublicKey());

        clock.advance(Duration.ofMinutes(1));
        assertThat(manager.reconcile()).isEmpty();
        assertThat(bundle()).hasSize(2);

        clock.advance(Duration.ofMinutes(3));
        List<OperatorEvent> completed = manager.reconcile();

        assertThat(completed).extracting(OperatorEvent::reason).contains("RotationComplete", "CaBundleWritten");
        assertThat(bundle()).containsExactly(newCa);
        assertThat(caBundles()).containsOnly(Pem.certificate(newCa));
        assertThat(text(client.secrets().inNamespace("shop").withName("warden-a-warden-mtls").get(), "ca.crt"))
                .isEqualTo(Pem.certificate(newCa));
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
                .map(s -> s.getMetadata().getResourceVersion()).toList();
    }

    private static String text(Secret secret, String key) {
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }
}
