package io.naftiko.skipper.webhook.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Admission reads classes, ConfigMaps and namespaces from informer caches that follow the cluster. */
@EnableKubernetesMockClient(crud = true, https = false)
class InformerLookupsTest {

    KubernetesClient client;

    @Test
    void lookupsFollowTheCluster() throws Exception {
        client.resource(ShippedClasses.all().get("premium")).create();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("shop")
                .withLabels(Map.of("team", "payments")).endMetadata().build()).create();
        client.configMaps().inNamespace("shop").resource(new ConfigMapBuilder().withNewMetadata().withName("orders-spec")
                .endMetadata().withData(Map.of("capability.yaml", "ikanos: x")).build()).create();

        try (InformerLookups lookups = new InformerLookups(client, OperatorSettings.defaults())) {
            assertThat(lookups.awaitSync(10)).isTrue();

            assertThat(lookups.context().classes().apply("premium")).map(c -> c.getSpec().hpa().maxReplicas()).hasValue(20);
            assertThat(lookups.context().classes().apply("gold")).isEmpty();
            assertThat(lookups.context().configMaps().apply("shop", "orders-spec")).hasValue(Map.of("capability.yaml", "ikanos: x"));
            assertThat(lookups.context().configMaps().apply("other", "orders-spec")).isEmpty();
            assertThat(lookups.context().namespaceLabels().apply("shop")).hasValue(Map.of("team", "payments"));

            CapabilityClass gold = ShippedClasses.all().get("dev");
            gold.getMetadata().setName("gold");
            client.resource(gold).create();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (lookups.context().classes().apply("gold").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(lookups.context().classes().apply("gold")).isPresent();
        }
    }
}
