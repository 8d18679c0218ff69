package io.naftiko.skipper.reconciler.render;

import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.TextTable;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.FleetStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Fleet as {@code skipper fleet status} and the demo print it: its Ready condition, the matrix capability ×
 * environment ({@code r2 Running}: revision and phase), then every condition that is not as it should be.
 */
public final class FleetTable {

    private FleetTable() {
    }

    /** What {@code environment} runs of {@code capability}, from the Fleet's status. */
    public static Optional<FleetStatus.CapabilityRun> run(Fleet fleet, String environment, String capability) {
        return Optional.ofNullable(fleet.getStatus()).map(FleetStatus::environments).orElse(List.of()).stream()
                .filter(e -> e.name().equals(environment)).flatMap(e -> e.capabilities().stream()).filter(c -> c.name().equals(capability))
                .findFirst();
    }

    /** Prints one Fleet; returns whether it is Ready. */
    public static boolean print(Fleet fleet, PrintWriter out) {
        List<Condition> conditions = Optional.ofNullable(fleet.getStatus()).map(FleetStatus::conditions).orElse(List.of());
        Optional<Condition> ready = conditions.stream().filter(c -> "Ready".equals(c.getType())).findFirst();
        out.println("Fleet " + fleet.getMetadata().getName() + ": " + ready.map(c -> "Ready=" + c.getStatus() + " (" + c.getReason() + ")")
                .orElse("no status yet (is the operator running?)"));
        List<String> headers = new ArrayList<>(List.of("CAPABILITY"));
        fleet.getSpec().environments().forEach(e -> headers.add(e.name().toUpperCase(Locale.ROOT)));
        TextTable table = new TextTable(headers.toArray(String[]::new));
        for (FleetSpec.FleetCapability capability : fleet.getSpec().capabilities()) {
            List<String> row = new ArrayList<>(List.of(capability.name()));
            for (FleetSpec.Environment environment : fleet.getSpec().environments()) {
                row.add(run(fleet, environment.name(), capability.name())
                        .map(r -> (r.revision() == null ? "r?" : "r" + r.revision()) + " " + Optional.ofNullable(r.phase()).map(Enum::name).orElse("-"))
                        .orElse("-"));
            }
            table.row(row.toArray(String[]::new));
        }
        table.print(out);
        for (Condition condition : conditions) {
            boolean bad = "Ready".equals(condition.getType()) ? !"True".equals(condition.getStatus()) : "True".equals(condition.getStatus());
            if (bad) {
                out.println(condition.getType() + " (" + condition.getReason() + "): " + condition.getMessage());
            }
        }
        out.flush();
        return ready.filter(c -> "True".equals(c.getStatus())).isPresent();
    }
}
