package io.naftiko.skipper.reconciler.render;

import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.TextTable;
import io.naftiko.skipper.api.v1alpha3.Autoscaling;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The tables {@code skipper status} prints: Capabilities (namespace, name, tier, phase, endpoint, problems), then Wardens. */
public final class CapabilityTable {

    private CapabilityTable() {
    }

    /** Prints the Capabilities table; the demo and {@code skipper status} print the same thing. */
    public static void print(List<Capability> capabilities, PrintWriter out) {
        print(capabilities, false, out);
    }

    /** Prints the Capabilities table; {@code wide} adds the generation observed and the replica bounds. */
    public static void print(List<Capability> capabilities, boolean wide, PrintWriter out) {
        // The ROLLOUT column only where some Capability rolls out through Argo Rollouts: other fleets see no change.
        boolean rollouts = capabilities.stream().anyMatch(c -> c.getStatus() != null && c.getStatus().rollout() != null);
        List<String> headers = new ArrayList<>(wide ? List.of("NAMESPACE", "NAME", "TIER", "PHASE", "OBSERVED", "REPLICAS")
                : List.of("NAMESPACE", "NAME", "TIER", "PHASE"));
        if (rollouts) {
            headers.add("ROLLOUT");
        }
        headers.addAll(List.of("ENDPOINT", "PROBLEMS"));
        TextTable table = new TextTable(headers.toArray(String[]::new));
        capabilities.stream().sorted(Comparator.comparing((Capability c) -> c.getMetadata().getNamespace())
                .thenComparing(c -> c.getMetadata().getName())).forEach(c -> {
                    CapabilityStatus status = c.getStatus();
                    String tier = c.getSpec() != null && c.getSpec().getRuntime() != null ? c.getSpec().getRuntime().className() : null;
                    String phase = status == null || status.phase() == null ? null : status.phase().name();
                    String endpoint = status == null ? null : status.endpoint();
                    List<String> row = new ArrayList<>(List.of(c.getMetadata().getNamespace(), c.getMetadata().getName()));
                    row.add(tier);
                    row.add(phase);
                    if (wide) {
                        row.add((status == null || status.observedGeneration() == null ? "-" : status.observedGeneration())
                                + "/" + c.getMetadata().getGeneration());
                        Autoscaling bounds = c.getSpec() != null && c.getSpec().getRuntime() != null ? c.getSpec().getRuntime().autoscaling() : null;
                        row.add(bounds == null ? null : bounds.minReplicas() + "-" + bounds.maxReplicas());
                    }
                    if (rollouts) {
                        row.add(status == null || status.rollout() == null ? null : status.rollout().describe());
                    }
                    row.add(endpoint);
                    row.add(problems(status));
                    table.row(row.toArray(String[]::new));
                });
        table.print(out);
    }

    /** Prints the Wardens table: instances reporting, active revision per bundle, certificate expiry, readiness. */
    public static void printWardens(List<Warden> wardens, PrintWriter out) {
        TextTable table = new TextTable("NAMESPACE", "WARDEN", "INSTANCES", "ACTIVE REVISIONS", "CERTIFICATE UNTIL", "PROBLEMS");
        wardens.stream().sorted(Comparator.comparing((Warden w) -> w.getMetadata().getNamespace())
                .thenComparing(w -> w.getMetadata().getName())).forEach(w -> {
                    WardenStatus status = w.getStatus();
                    List<WardenStatus.Instance> instances = status == null || status.instances() == null ? List.of() : status.instances();
                    String revisions = instances.stream().filter(i -> i.activeRevisions() != null)
                            .flatMap(i -> i.activeRevisions().entrySet().stream()).map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
                    List<String> problems = new ArrayList<>(conditionProblems(status == null ? null : status.conditions()));
                    instances.stream().filter(i -> i.errors() != null && !i.errors().isEmpty())
                            .forEach(i -> problems.add(i.id() + ": " + String.join(", ", i.errors())));
                    table.row(w.getMetadata().getNamespace(), w.getMetadata().getName(), String.valueOf(instances.size()),
                            revisions.isEmpty() ? null : revisions, status == null ? null : status.certificateNotAfter(),
                            problems.isEmpty() ? null : String.join("; ", problems));
                });
        table.print(out);
    }

    private static String problems(CapabilityStatus status) {
        if (status == null || status.conditions() == null) {
            return null;
        }
        List<String> problems = conditionProblems(status.conditions());
        if (problems.isEmpty()) {
            status.conditions().stream().filter(cond -> "Ready".equals(cond.getType()) && !"True".equals(cond.getStatus()))
                    .forEach(cond -> problems.add(cond.getReason() + " (" + cond.getMessage() + ")"));
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** Every condition but Ready that is not True, as {@code Type: Reason (message)}. */
    private static List<String> conditionProblems(List<Condition> conditions) {
        List<String> problems = new ArrayList<>();
        for (Condition condition : conditions == null ? List.<Condition>of() : conditions) {
            if (!"True".equals(condition.getStatus()) && !"Ready".equals(condition.getType()) && Objects.nonNull(condition.getType())) {
                problems.add(condition.getType() + ": " + condition.getReason() + " (" + condition.getMessage() + ")");
            }
        }
        return problems;
    }
}
