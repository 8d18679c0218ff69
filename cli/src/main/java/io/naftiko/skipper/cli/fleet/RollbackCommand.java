package io.naftiko.skipper.cli.fleet;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.naftiko.skipper.cli.UserError;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code skipper fleet rollback CAP --env ENV --to-revision N}: pins an environment to a recorded revision. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pin an environment to a recorded revision (skipper fleet history lists them).",
            "-f edits the manifest in place for a Git commit, printing the change; --in-cluster patches the Fleet."})
public final class RollbackCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAPABILITY", description = "The capability.")
    String capability;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment to pin.")
    String environment;

    @Option(names = "--to-revision", required = true, paramLabel = "N", description = "The revision's number.")
    long revision;

    @Mixin
    PinChange pin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return pin.withFleet(capability, "cannot roll back " + capability, (client, live, manifest) -> {
            FleetLookup.environment(manifest, environment);
            List<ControllerRevision> recorded = FleetLookup.revisions(client, live, capability);
            if (recorded.stream().noneMatch(r -> r.getRevision() == revision)) {
                throw new UserError("no revision " + revision + " of " + capability + " is recorded (it has "
                        + recorded.stream().map(ControllerRevision::getRevision).toList() + "; skipper fleet history " + capability + ")");
            }
            return pin.set(client, live.getMetadata().getName(), environment, capability, revision, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        });
    }
}
