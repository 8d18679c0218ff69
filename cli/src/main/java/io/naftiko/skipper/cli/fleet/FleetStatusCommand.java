package io.naftiko.skipper.cli.fleet;

import io.fabric8.kubernetes.api.model.Condition;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.FleetStatus;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.ObjectOutput;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.UserError;
import io.naftiko.skipper.reconciler.render.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code skipper fleet status [NAME]}: the matrix capability × environment of each Fleet, and what is not right. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show each Fleet as a matrix capability x environment (revision and phase), then every condition that",
            "is not as it should be (PinUnavailable, Denied, not Ready) with its message. Exit 1 unless every Fleet is Ready."})
public final class FleetStatusCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "One Fleet (default: all).")
    String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "table (default), yaml or json.")
    ObjectOutput.Format output = ObjectOutput.Format.table;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ClusterCommands.withClient(cluster, "cannot read Fleets", client -> {
            List<Fleet> fleets = name == null ? client.resources(Fleet.class).list().getItems()
                    : Optional.ofNullable(client.resources(Fleet.class).withName(name).get()).map(List::of)
                            .orElseThrow(() -> new UserError("no Fleet " + name + " in the cluster"));
            PrintWriter out = spec.commandLine().getOut();
            if (output != ObjectOutput.Format.table) {
                ObjectOutput.print(fleets, output, out);
                return 0;
            }
            boolean allReady = true;
            for (Fleet fleet : fleets) {
                allReady &= print(fleet, out);
            }
            if (fleets.isEmpty()) {
                out.println("No Fleets.");
            }
            return allReady ? 0 : Skipper.EXIT_FAILED;
        });
    }

    private static boolean print(Fleet fleet, PrintWriter out) {
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
                row.add(FleetLookup.run(fleet, environment.name(), capability.name())
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
        return ready.filter(c -> "True".equals(c.getStatus())).isPresent();
    }
}
