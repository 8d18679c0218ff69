package io.naftiko.skipper.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.cli.OperatorLocation;
import io.naftiko.skipper.cli.render.RenderSetup;
import io.naftiko.skipper.reconciler.render.RenderResult;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * apply server-side applies inputs before Capabilities and says what became of each; diff shows what render would
 * change, and nothing once it is there. Against the test kit's API server, whose server-side apply merges the applied
 * fields over the live object and drops only what the same manager applied before: what a real API server does for
 * fields another manager owns, which is what keeping another tool's label needs (conflicts are not modelled).
 */
class ClusterChangesTest {

    InMemoryApiServer api;
    KubernetesClient client;

    @BeforeEach
    void start() {
        api = InMemoryApiServer.start(SystemClock.utc());
        client = api.client();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    static OperatorLocation operatorIn(String namespace) {
        OperatorLocation location = new OperatorLocation();
        new CommandLine(new Object() {
            @Mixin
            OperatorLocation operator = location;
        }).parseArgs("--operator-namespace", namespace);
        return location;
    }

    static RenderSetup fleet() {
        return RenderSetup.load(List.of(Fixtures.repoRoot().resolve("deploy/samples/shipyard-fleet")), Optional.empty(),
                InputStream.nullInputStream(), RenderSetup.localClasses(Optional.empty()), "shipyard", OperatorSettings.defaults());
    }

    static List<HasMetadata> fleetInputs() {
        return ClusterChanges.inputs(fleet().inputs(), fleet().renderer(), "shipyard");
    }

    @Test
    void applySendsConfigMapsFirstThenTheCapabilityAndIsIdempotent() {
        List<ClusterChanges.Outcome> first = ClusterChanges.apply(client, fleetInputs(), ClusterChanges.DryRun.none, false);
        List<ClusterChanges.Outcome> second = ClusterChanges.apply(client, fleetInputs(), ClusterChanges.DryRun.none, false);

        assertThat(first).extracting(ClusterChanges.Outcome::object).containsExactly("ConfigMap shipyard/shipyard-fleet-spec",
                "ConfigMap shipyard/shipyard-fleet-import-registry", "ConfigMap shipyard/shipyard-fleet-import-legacy",
                "Capability shipyard/shipyard-fleet");
        assertThat(first).extracting(ClusterChanges.Outcome::action).containsOnly(ClusterChanges.Applied.created);
        assertThat(second).extracting(ClusterChanges.Outcome::action).containsOnly(ClusterChanges.Applied.unchanged);
        Capability stored = client.resources(Capability.class).inNamespace("shipyard").withName("shipyard-fleet").get();
        assertThat(stored.getSpec().getSpecRef().configMap()).isEqualTo("shipyard-fleet-spec");
        assertThat(stored.getMetadata().getManagedFields()).extracting(f -> f.getManager()).containsExactly(ClusterChanges.FIELD_MANAGER);
    }

    @Test
    void applyKeepsALabelAnotherToolSet() {
        ClusterChanges.apply(client, fleetInputs(), ClusterChanges.DryRun.none, false);
        client.resources(Capability.class).inNamespace("shipyard").withName("shipyard-fleet").edit(c -> {
            c.getMetadata().getLabels().put("team.example.com/owner", "harbour");
            return c;
        });

        List<ClusterChanges.Outcome> again = ClusterChanges.apply(client, fleetInputs(), ClusterChanges.DryRun.none, false);

        assertThat(again).extracting(ClusterChanges.Outcome::action).containsOnly(ClusterChanges.Applied.unchanged);
        assertThat(client.resources(Capability.class).inNamespace("shipyard").withName("shipyard-fleet").get().getMetadata().getLabels())
                .containsEntry("team.example.com/owner", "harbour");
    }

    @Test
    void aDryRunStoresNothingAndAClientOneSendsNoWrite() throws Exception {
        api.takeRequests();
        List<ClusterChanges.Outcome> client1 = ClusterChanges.apply(client, fleetInputs(), ClusterChanges.DryRun.client, false);
        assertThat(api.takeRequests()).extracting(InMemoryApiServer.Request::method).containsOnly("GET");

        List<ClusterChanges.Outcome> server = ClusterChanges.apply(client, fleetInputs(), ClusterChanges.DryRun.server, false);

        assertThat(client1).extracting(ClusterChanges.Outcome::action).containsOnly(ClusterChanges.Applied.created);
        assertThat(server).extracting(ClusterChanges.Outcome::action).containsOnly(ClusterChanges.Applied.created);
        assertThat(api.takeRequests()).filteredOn(r -> r.method().equals("PATCH")).allSatisfy(r -> assertThat(r.path()).contains("dryRun=All"));
        assertThat(client.configMaps().inNamespace("shipyard").list().getItems()).isEmpty();
        assertThat(client.resources(Capability.class).inNamespace("shipyard").list().getItems()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource(delimiter = '|', value = {
        "400|admission webhook \"validate.naftiko.io\" denied the request: spec.runtime.class: no such class|denied",
        "403|admission webhook \"validate.naftiko.io\" denied the request: over the tier's policy|denied",
        "409|Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas|conflict",
        "422|Capability.naftiko.io \"x\" is invalid: spec.specRef: Required value|invalid",
        "403|capabilities.naftiko.io is forbidden: User \"me\" cannot patch resource|forbidden",
        "401|Unauthorized|forbidden",
        "500|etcdserver: request timed out|failed",
        "500|failed calling webhook \"validate.naftiko.io\": context deadline exceeded|failed"})
    void everyRefusalIsNamedForWhatItIsAndOnlyAWebhooksDenialIsADenial(int code, String message, ClusterChanges.Applied expected) {
        KubernetesClientException refusal = new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());

        assertThat(ClusterChanges.refusal(refusal)).isEqualTo(expected);
    }

    @Test
    void aWebhookDenialIsReportedForItsObjectAndTheRestAreStillSent() {
        api.respond("PATCH", "/apis/naftiko.io/v1alpha3/namespaces/shipyard/capabilities/shipyard-fleet", 400,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":400,\"reason\":\"BadRequest\","
                        + "\"message\":\"admission webhook \\\"validate.naftiko.io\\\" denied the request: spec.runtime.class: no such class\"}");

        List<ClusterChanges.Outcome> outcomes = ClusterChanges.apply(client, fleetInputs(), ClusterChanges.DryRun.none, false);

        assertThat(outcomes).extracting(ClusterChanges.Outcome::action).containsExactly(ClusterChanges.Applied.created,
                ClusterChanges.Applied.created, ClusterChanges.Applied.created, ClusterChanges.Applied.denied);
        assertThat(outcomes.get(3).message()).endsWith("denied the request: spec.runtime.class: no such class");
    }

    @Test
    void diffListsWhatWouldBeCreatedThenChangedThenNothing() {
        RenderResult rendered = fleet().renderer().render(fleet().inputs());

        List<ClusterChanges.Change> before = ClusterChanges.diff(client, rendered);
        assertThat(before).extracting(ClusterChanges.Change::difference).containsOnly(ClusterChanges.Difference.create);
        assertThat(before).extracting(ClusterChanges.Change::object).contains("Capability shipyard/shipyard-fleet",
                "Deployment shipyard/shipyard-fleet", "Service shipyard/shipyard-fleet");

        rendered.sections().forEach(section -> section.objects().forEach(object -> client.resource(object).create()));
        assertThat(ClusterChanges.diff(client, rendered)).extracting(ClusterChanges.Change::difference)
                .containsOnly(ClusterChanges.Difference.none);

        client.apps().deployments().inNamespace("shipyard").withName("shipyard-fleet")
                .edit(deployment -> {
                    deployment.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("someone/else:latest");
                    return deployment;
                });
        List<ClusterChanges.Change> drifted = ClusterChanges.diff(client, rendered);
        assertThat(drifted).filteredOn(change -> change.difference() == ClusterChanges.Difference.update).singleElement().satisfies(change -> {
            assertThat(change.object()).isEqualTo("Deployment shipyard/shipyard-fleet");
            assertThat(change.paths()).containsExactly("replace /spec/template/spec/containers/0/image");
        });
    }

    @Test
    void theOperatorsSettingsAreReadFromItsDeploymentAndASecretValueIsNeverRead() {
        client.apps().deployments().inNamespace("skipper").resource(new DeploymentBuilder()
                .withNewMetadata().withName("skipper").withNamespace("skipper").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("skipper")
                .addNewEnv().withName("NAFTIKO_ENGINE_IMAGE").withValue("registry.example.com/ikanos:1.4").endEnv()
                .addNewEnv().withName("NAFTIKO_OTEL_HEADERS").withNewValueFrom().withNewSecretKeyRef("headers", "otel", false)
                .endValueFrom().endEnv()
                .addNewEnv().withName("UNRELATED").withValue("x").endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        List<String> warnings = new ArrayList<>();

        OperatorSettings settings = ClusterSettings.operator(client, operatorIn("skipper"), warnings::add);
        OperatorSettings missing = ClusterSettings.operator(client, operatorIn("elsewhere"), warnings::add);

        assertThat(settings.engineImage()).isEqualTo("registry.example.com/ikanos:1.4");
        assertThat(settings.otelHeaders()).contains(ClusterSettings.FROM_SECRET);
        assertThat(missing).isEqualTo(OperatorSettings.defaults());
        assertThat(warnings).singleElement().asString().contains("no operator Deployment elsewhere/skipper");
        assertThat(ClusterSettings.classes(client, warnings::add)).extracting(c -> c.getMetadata().getName())
                .containsExactlyInAnyOrder("dev", "standard", "premium");
        assertThat(warnings).last().asString().contains("the cluster has no CapabilityClass");
    }
}
