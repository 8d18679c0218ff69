package io.naftiko.skipper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl's habits: --kubeconfig, --context and its namespace, and one clear line when the cluster cannot be reached. */
class ClusterOptionsTest {

    @TempDir
    Path dir;

    Path kubeconfig(String server) throws Exception {
        return TestKubeconfig.write(dir, server);
    }

    @Test
    void anUnreachableClusterIsOneLineNamingIt() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Path config = kubeconfig("https://127.0.0.1:" + closed);

        CliRun status = CliRun.of("status", "--kubeconfig", config.toString());

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err().lines()).singleElement().asString()
                .startsWith("status: error: cannot reach the Kubernetes API at https://127.0.0.1:" + closed + "/");
    }

    @Test
    void diffExitsAsKubectlDiffDoes() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String samples = Fixtures.repoRoot().resolve("deploy/samples/shipyard-mock").toString();
        try (InMemoryApiServer api = InMemoryApiServer.start(SystemClock.utc()); KubernetesClient client = api.client()) {
            CliRun changes = CliRun.of("diff", "-f", samples, "--kubeconfig", kubeconfig(client.getMasterUrl().toString()).toString());
            assertThat(changes.exitCode()).as(changes.err()).isEqualTo(1);
            assertThat(changes.out()).contains("+ Capability default/shipyard-mock");
        }
        CliRun unreachable = CliRun.of("diff", "-f", samples, "--kubeconfig", kubeconfig("https://127.0.0.1:" + closed).toString());
        assertThat(unreachable.exitCode()).isEqualTo(2);
        assertThat(unreachable.err()).contains("cannot reach the Kubernetes API");
    }

    @Test
    void aKubeconfigThatCannotBeUsedIsOneLine() throws Exception {
        CliRun missing = CliRun.of("status", "--kubeconfig", dir.resolve("no-such-file").toString());
        CliRun garbage = CliRun.of("status", "--kubeconfig", Files.writeString(dir.resolve("garbage"), "clusters: [").toString());

        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().lines()).singleElement().asString().contains("no-such-file: cannot read the kubeconfig");
        assertThat(garbage.exitCode()).isEqualTo(1);
        assertThat(garbage.err().lines()).singleElement().asString().contains("garbage: not a usable kubeconfig");
    }

    @Test
    void anUnknownContextIsOneLine() throws Exception {
        CliRun status = CliRun.of("status", "--kubeconfig", kubeconfig("https://127.0.0.1:1").toString(), "--context", "nope");

        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err().lines()).singleElement().asString().contains("nope");
    }

    @Test
    void withoutNamespaceApplyUsesTheContextsNamespace() throws Exception {
        try (InMemoryApiServer api = InMemoryApiServer.start(SystemClock.utc()); KubernetesClient client = api.client()) {
            Path config = kubeconfig(client.getMasterUrl().toString());

            CliRun apply = CliRun.of("apply", "-f", Fixtures.repoRoot().resolve("deploy/samples/shipyard-mock").toString(),
                    "--kubeconfig", config.toString(), "--context", "team");

            assertThat(apply.exitCode()).as(apply.err()).isZero();
            assertThat(client.configMaps().inNamespace("shipyard").withName("shipyard-mock-spec").get()).isNotNull();
            assertThat(client.configMaps().inNamespace("default").withName("shipyard-mock-spec").get()).isNull();
        }
    }
}
