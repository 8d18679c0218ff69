package io.naftiko.skipper.cli.fleet;

import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.ObjectOutput;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.UserError;
import io.naftiko.skipper.reconciler.render.FleetTable;
import java.io.PrintWriter;
import java.util.List;
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
        description = {"Show each Fleet as a matrix of capabilities by environments.",
            "Each cell is the revision and phase, then every condition that is not as it should be (PinUnavailable,",
            "Denied, not Ready) with its message. Exit 1 unless every Fleet is Ready."})
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
                allReady &= FleetTable.print(fleet, out);
            }
            if (fleets.isEmpty()) {
                out.println("No Fleets.");
            }
            return allReady ? 0 : Skipper.EXIT_FAILED;
        });
    }
}
