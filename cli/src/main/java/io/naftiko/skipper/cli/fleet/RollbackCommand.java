package io.naftiko.skipper.cli.fleet;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.UserError;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code skipper fleet rollback CAP --env ENV --to-revision N}: pins an environment to a recorded revision. */
@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pin an environment to a recorded revision (skipper fleet history lists them): -f edits the manifest",
            "in place for a Git commit, printing the change; --in-cluster patches the Fleet."})
public final class RollbackCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAPABILITY", description = "The capability.")
    String capability;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment to pin.")
    String environment;

    @Option(names = "--to-revision", required = true, paramLabel = "N", description = "The revision's number.")
    long revision;

    @Option(names = "--fleet", paramLabel = "NAME", description = "The Fleet (default: the manifest's, or the one that has CAPABILITY).")
    String fleetName;

    @Mixin
    PinChange pin;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Fleet> manifest = pin.manifest();
        Optional<String> name = Optional.ofNullable(fleetName).or(() -> manifest.map(f -> f.getMetadata().getName()));
        return ClusterCommands.withClient(cluster, "cannot roll back " + capability, client -> {
            Fleet live = FleetLookup.find(client, name, capability);
            FleetLookup.environment(manifest.orElse(live), environment);
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
