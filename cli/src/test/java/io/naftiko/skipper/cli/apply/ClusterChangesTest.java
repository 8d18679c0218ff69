package io.naftiko.skipper.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.reconciler.render.RenderResult;
import io.naftiko.skipper.cli.render.RenderSetup;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** apply sends inputs before Capabilities; diff shows what render would change, and nothing once it is there. */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterChangesTest {

    KubernetesClient client;

    RenderSetup fleet() {
        return RenderSetup.load(List.of(Fixtures.repoRoot().resolve("deploy/samples/shipyard-fleet")), Optional.empty(), Optional.empty(),
                "shipyard", Map.of());
    }

    @Test
    void applySendsConfigMapsFirstThenTheCapabilityAndIsIdempotent() {
        RenderSetup setup = fleet();
        List<HasMetadata> objects = ClusterChanges.inputs(setup.inputs(), setup.renderer(), "shipyard");

        List<ClusterChanges.Change> first = ClusterChanges.apply(client, objects);
        List<ClusterChanges.Change> second = ClusterChanges.apply(client, ClusterChanges.inputs(fleet().inputs(), fleet().renderer(),
                "shipyard"));

        assertThat(first).extracting(ClusterChanges.Change::object).containsExactly("ConfigMap shipyard/shipyard-fleet-spec",
                "ConfigMap shipyard/shipyard-fleet-import-registry", "ConfigMap shipyard/shipyard-fleet-import-legacy",
                "Capability shipyard/shipyard-fleet");
        assertThat(first).extracting(ClusterChanges.Change::action).containsOnly("created");
        assertThat(second).extracting(ClusterChanges.Change::action).containsOnly("unchanged");
        assertThat(client.resources(Capability.class).inNamespace("shipyard").withName("shipyard-fleet").get().getSpec().getSpecRef()
                .configMap()).isEqualTo("shipyard-fleet-spec");
    }

    @Test
    void diffListsWhatWouldBeCreatedThenChangedThenNothing() {
        RenderResult rendered = fleet().renderer().render(fleet().inputs());

        List<ClusterChanges.Change> before = ClusterChanges.diff(client, rendered);
        assertThat(before).extracting(ClusterChanges.Change::action).containsOnly("create");
        assertThat(before).extracting(ClusterChanges.Change::object).contains("Capability shipyard/shipyard-fleet",
                "Deployment shipyard/shipyard-fleet", "Service shipyard/shipyard-fleet");

        rendered.sections().forEach(section -> section.objects().forEach(object -> client.resource(object).create()));
        assertThat(ClusterChanges.diff(client, rendered)).extracting(ClusterChanges.Change::action).containsOnly("none");

        client.apps().deployments().inNamespace("shipyard").withName("shipyard-fleet")
                .edit(deployment -> {
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone/else:latest");
                    return deployment;
                });
        List<ClusterChanges.Change> drifted = ClusterChanges.diff(client, rendered);
        assertThat(drifted).filteredOn(change -> change.action().equals("update")).singleElement().satisfies(change -> {
            assertThat(change.object()).isEqualTo("Deployment shipyard/shipyard-fleet");
            assertThat(change.details()).containsExactly("replace /spec/template/spec/containers/0/image");
        });
    }
}
