package io.naftiko.skipper.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenSpec;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.operator.bundles.WardenController;
import io.naftiko.skipper.operator.certificates.CertificateSettings;
import io.naftiko.skipper.operator.lifecycle.Leadership;
import io.naftiko.skipper.operator.lifecycle.PeriodicRunner;
import io.naftiko.skipper.testkit.Eventually;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every periodic pass, with one injected API failure (403, 500) on its first request: that tick fails and is counted,
 * the next tick recovers and does the work. Ticks are driven by the test, one at a time, so nothing here depends on
 * timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PassFaultsTest {

    static final Duration NEVER = Duration.ofHours(1);
    static final String SECRETS = "/api/v1/namespaces/skipper/secrets/";

    InMemoryApiServer api;
    KubernetesClient client;
    Operator operator;

    @BeforeEach
    void start() throws Exception {
        api = InMemoryApiServer.start(SystemClock.utc());
        client = api.clientWithoutRetries();
        Warden warden = new Warden();
        warden.setMetadata(new ObjectMetaBuilder().withName("edge").withNamespace("shop").build());
        warden.setSpec(new WardenSpec(List.of("tier"), null));
        client.resource(warden).create();
        // Passes never tick on their own here (the leader's run once at the start): the test drives them.
        operator = new Operator(client, new OperatorOptions("skipper", Set.of(), Set.of("reconciler"), 0, 0, "replica-a", NEVER,
                List.of("localhost"), Leadership.Timing.defaults(), NEVER), OperatorSettings.defaults(), SystemClock.utc());
        operator.start();
        Eventually.until("leading", operator::isLeader);
        operator.runBundlePasses();
        Eventually.until("the first leader passes done", () -> client.configMaps().inNamespace("shop").withName("edge" + WardenController.CONFIG_SUFFIX).get() != null
                && operator.pass("certificates").map(PeriodicRunner.Pass::runs).orElse(0L) >= 1);
    }

    @AfterEach
    void stop() {
        operator.close();
        client.close();
        api.close();
    }

    /**
     * One case: a pass, the first request it makes (failed once with {@code code}), something to change before, and
     * what the recovered tick must have done.
     */
    record Fault(String pass, String method, String path, int code, Runnable before, BooleanSupplier done) {
        @Override
        public String toString() {
            return pass + " after " + code + " on " + method + " " + path;
        }
    }

    Stream<Arguments> faults() {
        return Stream.of(
                new Fault("webhook-tls", "GET", SECRETS + CertificateSettings.WEBHOOK_SECRET, 403, this::reissueWebhookCertificate,
                        this::webhookServesTheStoredCertificate),
                new Fault("bundle-tls", "GET", SECRETS + CertificateSettings.BUNDLES_SECRET, 403, () -> { }, () -> true),
                new Fault("signing-key-reload", "GET", SECRETS + "skipper-bundle-signing", 500, () -> { }, () -> true),
                new Fault("certificates", "GET", SECRETS + CertificateSettings.CA_SECRET, 500,
                        () -> client.secrets().inNamespace("shop").withName("edge-warden-mtls").delete(),
                        () -> client.secrets().inNamespace("shop").withName("edge-warden-mtls").get() != null),
                new Fault("signing-key", "GET", SECRETS + "skipper-bundle-signing", 403, () -> { }, () -> true),
                new Fault("wardens", "GET", "/api/v1/namespaces/shop/configmaps/edge" + WardenController.CONFIG_SUFFIX, 500,
                        () -> client.configMaps().inNamespace("shop").withName("edge" + WardenController.CONFIG_SUFFIX).delete(),
                        () -> client.configMaps().inNamespace("shop").withName("edge" + WardenController.CONFIG_SUFFIX).get() != null))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aFailedTickIsCountedAndTheNextTickRecovers(Fault fault) {
        PeriodicRunner.Pass pass = operator.pass(fault.pass()).orElseThrow();
        fault.before().run();
        api.fail(fault.method(), fault.path(), fault.code(), 1);

        assertThat(pass.runOnce()).as("the tick that meets the injected %d", fault.code()).isFalse();
        assertThat(pass.runOnce()).as("the next tick").isTrue();

        assertThat(fault.done().getAsBoolean()).as("the recovered tick did the work").isTrue();
        assertThat(operator.registry().counter(PeriodicRunner.FAILURES_METRIC, "pass", fault.pass()).count()).isEqualTo(1.0);
        assertThat(pass.isScheduled()).isTrue();
    }

    @Test
    void anUnreadableCaSecretIsAWarningEventAndNoNewCa() {
        Secret ca = client.secrets().inNamespace("skipper").withName(CertificateSettings.CA_SECRET).get();
        ca.getData().put("ca.key", Base64.getEncoder().encodeToString("not a key".getBytes(StandardCharsets.UTF_8)));
        client.resource(ca).update();
        String version = client.secrets().inNamespace("skipper").withName(CertificateSettings.CA_SECRET).get().getMetadata()
                .getResourceVersion();

        operator.pass("certificates").orElseThrow().runOnce();

        assertThat(client.v1().events().inNamespace("skipper").list().getItems()).anySatisfy(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getReason()).isEqualTo("CaUnreadable");
            assertThat(event.getInvolvedObject().getName()).isEqualTo(CertificateSettings.CA_SECRET);
        });
        assertThat(client.secrets().inNamespace("skipper").withName(CertificateSettings.CA_SECRET).get().getMetadata()
                .getResourceVersion()).as("the CA Secret is left as it is").isEqualTo(version);
        assertThat(operator.registry().counter("skipper_certificate_authority_unreadable_total").count()).isEqualTo(1.0);
    }

    private void reissueWebhookCertificate() {
        client.secrets().inNamespace("skipper").withName(CertificateSettings.WEBHOOK_SECRET).delete();
        assertThat(operator.pass("certificates").orElseThrow().runOnce()).isTrue();
    }

    /** The certificate the webhook presents is the one stored now. */
    private boolean webhookServesTheStoredCertificate() {
        try {
            Secret secret = client.secrets().inNamespace("skipper").withName(CertificateSettings.WEBHOOK_SECRET).get();
            X509Certificate stored = Pem.readCertificates(decode(secret.getData().get("tls.crt"))).get(0);
            try (SSLSocket socket = (SSLSocket) TrustStores.trusting(Pem.readCertificates(decode(secret.getData().get("ca.crt"))))
                    .getSocketFactory().createSocket("127.0.0.1", operator.webhookPort().orElseThrow())) {
                socket.startHandshake();
                BigInteger served = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
                return served.equals(stored.getSerialNumber());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
