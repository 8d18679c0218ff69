package io.naftiko.skipper.cli.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.ObjectOutput;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.UserError;
import io.naftiko.skipper.reconciler.render.CapabilityTable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skipper status}: every Capability with its phase, endpoint and what is wrong, then the Wardens. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print every Capability with its phase, endpoint and the reason of any condition that is not True,",
            "then every Warden with its instances, active bundle revisions and certificate expiry.",
            "Exit 0 when every Capability listed is Running, 1 when one is not (with --wait: still not, at the timeout)."})
public final class StatusCommand implements Callable<Integer> {

    /** How often {@code --wait} looks again. */
    static final Duration POLL = Duration.ofSeconds(1);

    @Parameters(arity = "0..*", paramLabel = "CAPABILITY", description = "Only these Capabilities (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, description = "Only this namespace (default: all).")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "wide|yaml|json|name", description = "Output format (default: tables).")
    ObjectOutput.Format output = ObjectOutput.Format.table;

    @Option(names = "--wait", description = "Wait until every Capability listed is Running, or the timeout.")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long --wait waits, e.g. 90s, 5m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ClusterCommands.withClient(cluster, "cannot list Capabilities", client -> {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<Capability> capabilities = capabilities(client);
            long deadline = System.nanoTime() + timeout.toNanos();
            String waitingFor = "";
            while (await && !notRunning(capabilities).isEmpty()) {
                if (System.nanoTime() - deadline >= 0) {
                    err.println("status: timed out after " + timeout.toSeconds() + "s; not Running: " + waitingFor);
                    break;
                }
                String now = String.join(", ", notRunning(capabilities));
                if (!now.equals(waitingFor)) {
                    err.println("waiting for " + now);
                    err.flush();
                    waitingFor = now;
                }
                sleep();
                capabilities = capabilities(client);
            }
            List<Warden> wardens = wardens(client);
            switch (output) {
                case table, wide -> {
                    CapabilityTable.print(capabilities, output == ObjectOutput.Format.wide, out);
                    if (!wardens.isEmpty()) {
                        out.println();
                        CapabilityTable.printWardens(wardens, out);
                    }
                }
                default -> {
                    List<HasMetadata> objects = new ArrayList<>(capabilities);
                    objects.addAll(wardens);
                    ObjectOutput.print(objects, output, out);
                }
            }
            return notRunning(capabilities).isEmpty() ? 0 : Skipper.EXIT_FAILED;
        });
    }

    private List<Capability> capabilities(KubernetesClient client) {
        List<Capability> all = namespace == null ? client.resources(Capability.class).inAnyNamespace().list().getItems()
                : client.resources(Capability.class).inNamespace(namespace).list().getItems();
        List<Capability> chosen = names.isEmpty() ? all : all.stream().filter(c -> names.contains(c.getMetadata().getName())).toList();
        List<String> missing = names.stream().filter(name -> chosen.stream().noneMatch(c -> c.getMetadata().getName().equals(name))).toList();
        if (!missing.isEmpty()) {
            throw new UserError("no Capability named " + String.join(", ", missing)
                    + (namespace == null ? " in any namespace" : " in namespace " + namespace));
        }
        return chosen;
    }

    /** The Wardens in scope; none when the Warden CRD is not installed or the user may not list them. */
    private List<Warden> wardens(KubernetesClient client) {
        try {
            return namespace == null ? client.resources(Warden.class).inAnyNamespace().list().getItems()
                    : client.resources(Warden.class).inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 403) {
                return List.of();
            }
            throw e;
        }
    }

    /** {@code namespace/name Phase} of each Capability that is not Running. */
    static List<String> notRunning(List<Capability> capabilities) {
        return capabilities.stream().filter(c -> c.getStatus() == null || c.getStatus().phase() != Phase.Running)
                .map(c -> c.getMetadata().getNamespace() + "/" + c.getMetadata().getName() + " "
                        + (c.getStatus() == null || c.getStatus().phase() == null ? "(no status yet)" : c.getStatus().phase()))
                .toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while waiting", e);
        }
    }
}
