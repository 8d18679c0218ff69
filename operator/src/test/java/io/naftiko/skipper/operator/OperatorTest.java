package io.naftiko.skipper.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.reconciler.render.CapabilityTable;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole operator in one process against the mock API server: leader, certificates, webhook, reconciler. */
class OperatorTest {

    InMemoryApiServer api;
    KubernetesClient client;

    @BeforeEach
    void cluster() {
        api = InMemoryApiServer.start(SystemClock.utc());
        client = api.client();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    static OperatorOptions options(String identity, Set<String> disabled) {
        OperatorOptions defaults = OperatorOptions.defaults("skipper", identity);
        return new OperatorOptions("skipper", Set.of(), disabled, 0, 0, identity, defaults.certificatePass(), List.of(),
                defaults.lease(), defaults.reloadPeriod());
    }

    static <T> T eventually(Supplier<T> value, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T current = value.get();
        while (!done.test(current) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            current = value.get();
        }
        assertThat(done.test(current)).as("last value: %s", current).isTrue();
        return current;
    }

    @Test
    void leadsServesTheWebhookWithItsOwnCertificateAndReconciles() throws Exception {
        OperatorOptions options = options("replica-a", Set.of("bundler"));
        try (Operator operator = new Operator(client, options, OperatorSettings.defaults(), SystemClock.utc())) {
            operator.start();

            eventually(operator::isLeader, leading -> leading);
            Lease lease = client.leases().inNamespace("skipper").withName(Operator.LEASE).get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("replica-a");

            String bundle = new String(Base64.getDecoder().decode(client.secrets().inNamespace("skipper").withName("skipper-ca").get()
                    .getData().get("bundle.crt")), StandardCharsets.UTF_8);
            // The served chain verifies against Skipper's CA and names the webhook Service, as the API server checks.
            try (SSLSocket socket = (SSLSocket) TrustStores.trusting(Pem.readCertificates(bundle)).getSocketFactory()
                    .createSocket("127.0.0.1", operator.webhookPort().orElseThrow())) {
                socket.startHandshake();
                X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                assertThat(served.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                        .contains("skipper-webhook.skipper.svc");
                socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: skipper-webhook.skipper.svc\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");
            }

            String document = Fixtures.read(Fixtures.repoRoot().resolve("reconciler/src/test/resources/documents/control-only.yaml"));
            Capability capability = new Capability();
            capability.setMetadata(new ObjectMetaBuilder().withName("control").withNamespace("ops").build());
            capability.setSpec(Mappers.json().convertValue(Mappers.yaml().readTree(document), CapabilitySpec.class));
            client.resource(CapabilityAdmission.admit(capability, AdmissionContext.shippedDefaults()).admitted()).create();

            eventually(() -> client.apps().deployments().inNamespace("ops").withName("control").get(), d -> d != null);
            eventually(() -> client.resources(Capability.class).inNamespace("ops").withName("control").get().getStatus(),
                    s -> s != null && s.phase() != null);

            StringWriter table = new StringWriter();
            CapabilityTable.print(client.resources(Capability.class).inAnyNamespace().list().getItems(), new PrintWriter(table));
            assertThat(table.toString()).contains("ops        control  standard  Pending  -         DeploymentNotAvailable");
        }
    }

    @Test
    void whenTheLeaderStopsTheOtherReplicaTakesOverAndBothServedMeanwhile() throws Exception {
        OperatorOptions a = options("replica-a", Set.of());
        OperatorOptions b = options("replica-b", Set.of());
        try (Operator second = new Operator(client, b, OperatorSettings.defaults(), SystemClock.utc())) {
            Operator first = new Operator(client, a, OperatorSettings.defaults(), SystemClock.utc());
            first.start();
            eventually(first::isLeader, leading -> leading);
            second.start();
            // Both replicas serve admission and bundles; one leads.
            assertThat(second.webhookPort()).isPresent();
            assertThat(second.bundlePort()).isPresent();
            assertThat(second.isLeader()).isFalse();

            first.close();

            eventually(second::isLeader, leading -> leading);
            assertThat(client.leases().inNamespace("skipper").withName(Operator.LEASE).get().getSpec().getHolderIdentity())
                    .isEqualTo("replica-b");
        }
    }
}
