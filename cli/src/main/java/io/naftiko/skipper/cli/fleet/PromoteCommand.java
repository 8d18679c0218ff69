package io.naftiko.skipper.cli.fleet;

import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.FleetStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.UserError;
import io.naftiko.skipper.reconciler.render.FleetTable;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code skipper fleet promote CAP --to ENV}: pins ENV to the revision its {@code promotesFrom} environment runs now
 * (read from the cluster's Fleet status), in the manifest file for a pull request or in the cluster.
 */
@Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pin an environment to the revision its promotesFrom environment runs now.",
            "The revision is read from the cluster's Fleet status. -f edits the manifest in place for a Git commit,",
            "printing the change; --in-cluster patches the Fleet."})
public final class PromoteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAPABILITY", description = "The capability to promote.")
    String capability;

    @Option(names = "--to", required = true, paramLabel = "ENV", description = "The environment whose pin moves.")
    String to;

    @Option(names = "--require-ready", description = "Refuse unless the source environment's Capability is Running.")
    boolean requireReady;

    @Mixin
    PinChange pin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return pin.withFleet(capability, "cannot promote " + capability, (client, live, manifest) -> {
            FleetSpec.Environment target = FleetLookup.environment(manifest, to);
            if (target.promotesFrom() == null) {
                throw new UserError(to + " has no promotesFrom: set one, or pin a revision with skipper fleet rollback " + capability
                        + " --env " + to + " --to-revision N");
            }
            FleetStatus.CapabilityRun source = FleetTable.run(live, target.promotesFrom(), capability).filter(r -> r.revision() != null)
                    .orElseThrow(() -> new UserError(target.promotesFrom() + " runs no revision of " + capability
                            + " yet (skipper fleet status " + live.getMetadata().getName() + ")"));
            if (requireReady && source.phase() != Phase.Running) {
                spec.commandLine().getErr().println(target.promotesFrom() + "/" + capability + " is " + Optional.ofNullable(source.phase())
                        .map(Phase::name).orElse("not reporting a phase") + ", not Running: not promoting (--require-ready)");
                return Skipper.EXIT_FAILED;
            }
            spec.commandLine().getOut().println(capability + ": " + target.promotesFrom() + " runs revision " + source.revision() + " ("
                    + source.digest() + ")");
            return pin.set(client, live.getMetadata().getName(), to, capability, source.revision(), spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        });
    }
}
