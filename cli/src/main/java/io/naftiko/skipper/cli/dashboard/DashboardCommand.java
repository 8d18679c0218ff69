package io.naftiko.skipper.cli.dashboard;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.OperatorLocation;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skipper dashboard}: a port-forward, with the user's own kubeconfig, to the dashboard an operator pod serves on
 * its loopback address, and the local URL to open (as {@code linkerd viz dashboard} does). Runs until interrupted.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Open the fleet dashboard in your browser, through a port-forward to the operator.",
            "Port-forwards with your kubeconfig to a Ready operator pod's dashboard (127.0.0.1 in the pod), prints the local URL and",
            "keeps the tunnel until Ctrl-C. Needs the RBAC right to port-forward to Skipper's pods; no credential of the operator",
            "ever reaches the browser."})
public final class DashboardCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8446", paramLabel = "PORT",
            description = "The local port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0: any free one).")
    int localPort;

    @Option(names = "--dashboard-port", defaultValue = "8446", paramLabel = "PORT",
            description = "The dashboard's port in the pod, the operator's --dashboard-port (default: ${DEFAULT-VALUE}).")
    int dashboardPort;

    @Option(names = "--open", description = "Also open the URL in the desktop's browser (xdg-open or open).")
    boolean open;

    @Mixin
    OperatorLocation operator;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (localPort < 0 || localPort > 65535 || dashboardPort < 1 || dashboardPort > 65535) {
            throw new UserError("--port is 0-65535 and --dashboard-port 1-65535");
        }
        return ClusterCommands.withClient(cluster, "cannot reach the dashboard", client -> {
            Pod pod = operator.readyPod(client);
            PrintWriter out = spec.commandLine().getOut();
            try (LocalPortForward forward = client.pods().inNamespace(operator.namespace()).withName(pod.getMetadata().getName())
                    .portForward(dashboardPort, InetAddress.getLoopbackAddress(), localPort)) {
                String url = "http://127.0.0.1:" + forward.getLocalPort() + "/";
                out.println("Skipper dashboard of " + pod.getMetadata().getName() + ": " + url + " (Ctrl-C to stop)");
                out.flush();
                if (open) {
                    browse(url, spec.commandLine().getErr());
                }
                new CountDownLatch(1).await();
                return 0;
            } catch (IOException e) {
                throw new UserError("the port-forward to " + pod.getMetadata().getName() + " failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        });
    }

    private static void browse(String url, PrintWriter err) {
        for (List<String> command : List.of(List.of("xdg-open", url), List.of("open", url))) {
            try {
                new ProcessBuilder(command).redirectErrorStream(true).start();
                return;
            } catch (IOException e) {
                // Not this desktop's opener; try the next.
            }
        }
        err.println("could not open a browser; open " + url + " yourself");
        err.flush();
    }
}
