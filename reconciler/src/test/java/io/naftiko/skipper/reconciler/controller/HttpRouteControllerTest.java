package io.naftiko.skipper.reconciler.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.UpstreamCrds;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.reconciler.desired.DesiredHttpRoute;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTPRoutes kept like every other child, on the mock API with the real Gateway API CRD installed. */
class HttpRouteControllerTest {

    private static final String NS = "shipyard";
    private InMemoryApiServer server;
    private KubernetesClient client;
    private CapabilityController controller;
    private final List<ReconcileResult> results = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = InMemoryApiServer.start(SystemClock.utc());
        client = server.client();
        client.apiextensions().v1().customResourceDefinitions().resource(Mappers.yaml().readValue(Files.readString(
                UpstreamCrds.ROOT.resolve("gateway-api/gateway.networking.k8s.io_httproutes.yaml")), CustomResourceDefinition.class)).create();
        controller = CapabilityControllerTest.started(client, results);
    }

    @AfterEach
    void stop() {
        controller.close();
        client.close();
        server.close();
    }

    private List<GenericKubernetesResource> routes() {
        return client.genericKubernetesResources(DesiredHttpRoute.API_VERSION, DesiredHttpRoute.KIND).inNamespace(NS).list().getItems();
    }

    private void createRouted(String name) throws Exception {
        String text = Files.readString(Path.of("src/test/resources/routing/two-rest.yaml"));
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName(name + "-spec").endMetadata()
                .withData(Map.of("capability.yaml", text)).build()).create();
        Map<String, CapabilityClass> classes = new LinkedHashMap<>(ShippedClasses.all());
        SourceLoader.loadClasses(Path.of("src/test/resources/routing")).forEach(c -> classes.put(c.getMetadata().getName(), c));
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NS).withGeneration(1L)
                .withLabels(Map.of(NaftikoLabels.TIER, "edge")).build());
        capability.setSpec(new CapabilitySpec());
        capability.getSpec().setSpecRef(new SpecRef(name + "-spec", null));
        client.resource(CapabilityAdmission.admit(capability, AdmissionContext.offline(classes, OperatorSettings.defaults())
                .withConfigMaps((ns, cm) -> Optional.of(Map.of("capability.yaml", text)))).admitted()).create();
    }

    @Test
    void routesComeWithTheDeploymentStayWithoutWritesAndGoWithTheClasssGateway() throws Exception {
        createRouted("harbour");
        List<GenericKubernetesResource> routes = CapabilityControllerTest.eventually(this::routes, r -> r.size() == 2);
        assertThat(routes).extracting(r -> r.getMetadata().getName()).containsExactlyInAnyOrder("harbour", "harbour-rest-2");
        assertThat(routes).allSatisfy(r -> assertThat(r.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getName()).isEqualTo("harbour")));
        Thread.sleep(300);
        server.takeRequests();

        results.clear();
        controller.enqueue(NS + "/harbour");
        CapabilityControllerTest.eventually(results::size, n -> n >= 1);
        assertThat(results).allMatch(r -> !r.wrote());
        assertThat(server.takeRequests()).extracting(InMemoryApiServer.Request::method)
                .noneMatch(m -> m.equals("POST") || m.equals("PUT") || m.equals("PATCH") || m.equals("DELETE"));

        client.resources(Capability.class).inNamespace(NS).withName("harbour").edit(c -> {
            CapabilityRuntime r = c.getSpec().getRuntime();
            c.getSpec().setRuntime(new CapabilityRuntime(r.className(), r.resources(), r.autoscaling(), r.resilience(), r.env(), r.image(),
                    null, r.mesh(), r.rollout()));
            c.getMetadata().setGeneration(2L);
            return c;
        });
        CapabilityControllerTest.eventually(this::routes, List::isEmpty);
    }
}
