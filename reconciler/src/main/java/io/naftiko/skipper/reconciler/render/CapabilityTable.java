package io.naftiko.skipper.reconciler.render;

import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The table {@code skipper status} prints: namespace, name, tier, phase, endpoint and failing conditions. */
public final class CapabilityTable {

    private CapabilityTable() {
    }

    /** Prints the table; the demo and {@code skipper status} print the same thing. */
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
