package io.naftiko.skipper.cli.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.cli.ClusterCommands;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper status}: every Capability with its phase, endpoint and what is wrong. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print every Capability with its phase, endpoint and the reason of any condition that is not True.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = {"-n", "--namespace"}, description = "Only this namespace (default: all).")
    String namespace;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ClusterCommands.withClient("cannot list Capabilities", client -> {
            print(namespace == null ? client.resources(Capability.class).inAnyNamespace().list().getItems()
                    : client.resources(Capability.class).inNamespace(namespace).list().getItems(), spec.commandLine().getOut());
            return 0;
        });
    }

    /** Prints the table; exposed so the demo and tests print the same thing. */
    public static void print(List<Capability> capabilities, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAMESPACE", "NAME", "TIER", "PHASE", "ENDPOINT", "PROBLEMS"});
        capabilities.stream().sorted(Comparator.comparing((Capability c) -> c.getMetadata().getNamespace())
                .thenComparing(c -> c.getMetadata().getName())).forEach(c -> {
                    CapabilityStatus status = c.getStatus();
                    List<String> problems = new ArrayList<>();
                    if (status != null && status.conditions() != null) {
                        for (Condition condition : status.conditions()) {
                            if (!"True".equals(condition.getStatus()) && !"Ready".equals(condition.getType())) {
                                problems.add(condition.getType() + ": " + condition.getReason() + " (" + condition.getMessage() + ")");
                            }
                        }
                        if (problems.isEmpty()) {
                            status.conditions().stream().filter(cond -> "Ready".equals(cond.getType()) && !"True".equals(cond.getStatus()))
                                    .forEach(cond -> problems.add(cond.getReason() + " (" + cond.getMessage() + ")"));
                        }
                    }
                    rows.add(new String[] {c.getMetadata().getNamespace(), c.getMetadata().getName(),
                        c.getSpec() != null && c.getSpec().getRuntime() != null ? c.getSpec().getRuntime().className() : "-",
                        status == null || status.phase() == null ? "-" : status.phase().name(),
                        status == null || status.endpoint() == null ? "-" : status.endpoint(),
                        problems.isEmpty() ? "-" : String.join("; ", problems)});
                });
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < row.length - 1; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
