package io.naftiko.skipper.cli.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.cli.CliRun;
import io.naftiko.skipper.cli.TestKubeconfig;
import io.naftiko.skipper.cli.render.RenderSetup;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, logs, version, completion and apply's options as a user runs them, against the test kit's API server. */
class ClusterCommandsTest {

    @TempDir
    Path dir;

    InMemoryApiServer api;
    KubernetesClient client;
    String kubeconfig;

    @BeforeEach
    void start() throws Exception {
        api = InMemoryApiServer.start(SystemClock.utc());
        client = api.client();
        kubeconfig = TestKubeconfig.write(dir, client.getMasterUrl().toString()).toString();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    void capability(String name, String phase) throws Exception {
        client.resource(Mappers.yaml().readValue("""
                apiVersion: naftiko.io/v1alpha3
                kind: Capability
                metadata: {name: %s, namespace: shipyard}
                spec:
                  specRef: {configMap: %s-spec}
                  runtime: {class: standard, autoscaling: {minReplicas: 2, maxReplicas: 4}}
                status:
                  phase: %s
                  endpoint: http://%s.shipyard.svc:3001
                  conditions:
                  - {type: Ready, status: "%s", reason: %s, message: "as the test says", lastTransitionTime: "2026-12-02T00:00:00Z"}
                """.formatted(name, name, phase, name, phase.equals("Running") ? "True" : "False",
                phase.equals("Running") ? "Available" : "SecretMissing"), Capability.class)).create();
    }

    @Test
    void dashboardAndAuditNameTheOperatorPodTheyNeedAndRefuseBadPorts() {
        CliRun dashboard = CliRun.of("dashboard", "--kubeconfig", kubeconfig);
        CliRun audit = CliRun.of("audit", "--kubeconfig", kubeconfig, "--operator-namespace", "ops");
        CliRun badPort = CliRun.of("dashboard", "--kubeconfig", kubeconfig, "--port", "70000");

        assertThat(dashboard.exitCode()).isEqualTo(1);
        assertThat(dashboard.err()).contains("no ready Skipper operator pod in namespace skipper (label app.kubernetes.io/name=skipper)");
        assertThat(audit.err()).contains("no ready Skipper operator pod in namespace ops");
        assertThat(badPort.exitCode()).isEqualTo(1);
        assertThat(badPort.err()).contains("--port is 0-65535");
    }

    @Test
    void statusExitsNonZeroWhileACapabilityIsNotRunningAndShowsTheWardens() throws Exception {
        capability("shipyard-fleet", "Running");
        capability("shipyard-mock", "Degraded");
        Warden warden = Mappers.yaml().readValue(Files.readString(Fixtures.repoRoot().resolve("deploy/samples/warden.yaml")), Warden.class);
        client.resource(warden).create();

        CliRun all = CliRun.of("status", "--kubeconfig", kubeconfig);
        CliRun running = CliRun.of("status", "shipyard-fleet", "--kubeconfig", kubeconfig);
        CliRun wide = CliRun.of("status", "-o", "wide", "--kubeconfig", kubeconfig);
        CliRun names = CliRun.of("status", "-o", "name", "--kubeconfig", kubeconfig);
        CliRun json = CliRun.of("status", "-o", "json", "-n", "shipyard", "--kubeconfig", kubeconfig);
        CliRun unknown = CliRun.of("status", "no-such", "--kubeconfig", kubeconfig);

        assertThat(all.exitCode()).isEqualTo(1);
        assertThat(all.out()).contains("shipyard-mock", "Degraded", "SecretMissing (as the test says)", "WARDEN", "fleet-warden");
        assertThat(running.exitCode()).as(running.err()).isZero();
        assertThat(wide.out()).contains("OBSERVED", "REPLICAS", "2-4");
        assertThat(names.out().lines()).containsExactly("capability.naftiko.io/shipyard-fleet", "capability.naftiko.io/shipyard-mock",
                "warden.naftiko.io/fleet-warden");
        JsonNode list = Mappers.json().readTree(json.out());
        assertThat(list.path("kind").asText()).isEqualTo("List");
        assertThat(list.path("items")).extracting(item -> item.path("kind").asText()).containsExactly("Capability", "Capability", "Warden");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().lines()).singleElement().asString().endsWith("no Capability named no-such in any namespace");
    }

    @Test
    void statusWaitGivesUpAtTheTimeoutNamingWhatIsNotRunning() throws Exception {
        capability("shipyard-mock", "Pending");

        CliRun waited = CliRun.of("status", "--wait", "--timeout", "1s", "--kubeconfig", kubeconfig);

        assertThat(waited.exitCode()).isEqualTo(1);
        assertThat(waited.err()).contains("waiting for shipyard/shipyard-mock Pending",
                "timed out after 1s; not Running: shipyard/shipyard-mock Pending");
    }

    @Test
    void statusWaitReturnsOnceEveryCapabilityRuns() throws Exception {
        capability("shipyard-mock", "Running");

        CliRun waited = CliRun.of("status", "--wait", "--timeout", "10m", "--kubeconfig", kubeconfig);

        assertThat(waited.exitCode()).as(waited.err()).isZero();
        assertThat(waited.err()).isEmpty();
    }

    @Test
    void logsPrintEveryReplicaPrefixedByItsPod() throws Exception {
        capability("shipyard-mock", "Running");
        for (String pod : new String[] {"shipyard-mock-7d9-b", "shipyard-mock-7d9-a"}) {
            client.pods().inNamespace("shipyard").resource(new PodBuilder().withNewMetadata().withName(pod).withNamespace("shipyard")
                    .addToLabels("naftiko.io/capability", "shipyard-mock").endMetadata()
                    .withNewSpec().addNewContainer().withName("ikanos").endContainer().addNewContainer().withName("sidecar").endContainer()
                    .endSpec().build()).create();
            api.respond("GET", "/api/v1/namespaces/shipyard/pods/" + pod + "/log?", 200, "started " + pod + "\nserving\n");
        }

        CliRun logs = CliRun.of("logs", "shipyard-mock", "-n", "shipyard", "--tail", "10", "--kubeconfig", kubeconfig);
        CliRun all = CliRun.of("logs", "shipyard-mock", "-n", "shipyard", "--all-containers", "--kubeconfig", kubeconfig);
        CliRun none = CliRun.of("logs", "shipyard-fleet", "-n", "shipyard", "--kubeconfig", kubeconfig);

        assertThat(logs.exitCode()).as(logs.err()).isZero();
        assertThat(logs.out().lines()).containsExactly("shipyard-mock-7d9-a started shipyard-mock-7d9-a", "shipyard-mock-7d9-a serving",
                "shipyard-mock-7d9-b started shipyard-mock-7d9-b", "shipyard-mock-7d9-b serving");
        assertThat(all.out().lines()).hasSize(8).contains("shipyard-mock-7d9-a sidecar serving");
        assertThat(none.err().lines()).singleElement().asString().endsWith("no Capability shipyard/shipyard-fleet");
    }

    @Test
    void versionNamesTheClientTheClusterAndTheOperator() {
        api.respond("GET", "/version", 200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\"}");

        CliRun clientOnly = CliRun.of("version", "--client");
        CliRun full = CliRun.of("version", "--kubeconfig", kubeconfig);

        assertThat(clientOnly.out().lines()).singleElement().asString().startsWith("Client: skipper ");
        assertThat(full.exitCode()).as(full.err()).isZero();
        assertThat(full.out()).contains("Kubernetes: v1.32.0", "Operator: none found at skipper/skipper");
    }

    @Test
    void completionPrintsAScriptThatKnowsEveryCommand() {
        CliRun bash = CliRun.of("completion", "bash");
        CliRun zsh = CliRun.of("completion", "zsh");
        CliRun fish = CliRun.of("completion", "fish");

        assertThat(bash.exitCode()).isZero();
        assertThat(bash.out()).contains("complete -F", "render", "apply", "status", "logs", "operator");
        assertThat(zsh.out()).contains("bashcompinit");
        assertThat(fish.exitCode()).isEqualTo(2);
        assertThat(fish.err()).contains("fish");
    }

    @Test
    void applyReadsStandardInputAndPrintsWhatItWouldDoOnADryRun() throws Exception {
        String document = Files.readString(Fixtures.repoRoot().resolve("deploy/samples/shipyard-mock/shipyard-mock.yml"));

        CliRun dry = CliRun.withInput(document, Map.of(), "apply", "-f", "-", "--name", "shipyard-mock", "-n", "shipyard",
                "--dry-run=server", "--kubeconfig", kubeconfig);
        CliRun names = CliRun.withInput(document, Map.of(), "apply", "-f", "-", "-n", "shipyard", "-o", "name", "--kubeconfig", kubeconfig);

        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Capability shipyard/shipyard-mock created (server dry run)");
        assertThat(names.exitCode()).as(names.err()).isZero();
        assertThat(names.out().lines()).containsExactly("configmap/stdin-spec", "capability.naftiko.io/stdin");
        assertThat(client.resources(Capability.class).inNamespace("shipyard").withName("shipyard-mock").get()).isNull();
    }

    @Test
    void diffRendersWithTheClustersClassesAndTheOperatorsSettings() throws Exception {
        String samples = Fixtures.repoRoot().resolve("deploy/samples/shipyard-mock").toString();
        client.apps().deployments().inNamespace("skipper").resource(new DeploymentBuilder()
                .withNewMetadata().withName("skipper").withNamespace("skipper").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("skipper")
                .addNewEnv().withName("NAFTIKO_ENGINE_IMAGE").withValue("registry.example.com/ikanos:1.4").endEnv()
                .endContainer().endSpec().endTemplate().endSpec().build()).create();
        ShippedClasses.all().values().forEach(tier -> client.resource(tier).create());
        RenderSetup asTheOperator = RenderSetup.load(List.of(Path.of(samples)), Optional.empty(), InputStream.nullInputStream(),
                client.resources(CapabilityClass.class).list().getItems(), "default",
                OperatorSettings.fromEnvironment(Map.of("NAFTIKO_ENGINE_IMAGE", "registry.example.com/ikanos:1.4")));
        asTheOperator.renderer().render(asTheOperator.inputs()).sections()
                .forEach(section -> section.objects().forEach(object -> client.resource(object).create()));

        CliRun diff = CliRun.of("diff", "-f", samples, "--kubeconfig", kubeconfig);
        CliRun elsewhere = CliRun.of("diff", "-f", samples, "--operator-namespace", "other", "--kubeconfig", kubeconfig);

        assertThat(diff.exitCode()).as(diff.out() + diff.err()).isZero();
        assertThat(diff.err()).isEmpty();
        assertThat(elsewhere.exitCode()).isEqualTo(1);
        assertThat(elsewhere.err()).contains("warning: no operator Deployment other/skipper");
        assertThat(elsewhere.out()).contains("~ Deployment default/shipyard-mock", "replace /spec/template/spec/containers/0/image");
    }

    @Test
    void renderPrintsNamesJsonOrATable() {
        String samples = Fixtures.repoRoot().resolve("deploy/samples/shipyard-mock").toString();

        CliRun names = CliRun.of("render", "-f", samples, "-o", "name");
        CliRun json = CliRun.of("render", "-f", samples, "-o", "json");
        CliRun wide = CliRun.of("render", "-f", samples, "-o", "wide");

        assertThat(names.out().lines()).contains("capability.naftiko.io/shipyard-mock", "configmap/shipyard-mock-spec",
                "deployment.apps/shipyard-mock", "service/shipyard-mock");
        assertThat(json.out()).startsWith("{").contains("\"kind\" : \"List\"");
        assertThat(wide.out().lines().findFirst().orElseThrow()).matches("KIND +NAMESPACE +NAME +API VERSION");
        assertThat(wide.out()).contains("Deployment", "apps/v1");
    }
}
