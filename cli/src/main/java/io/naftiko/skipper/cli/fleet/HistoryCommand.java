package io.naftiko.skipper.cli.fleet;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.FleetStatus;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.reconciler.render.FleetTable;
import io.naftiko.skipper.api.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code skipper fleet history CAP}: the recorded revisions of a capability and which environments run them. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the recorded revisions of a capability: number, digest, first seen, and the environments that run or pin it.")
public final class HistoryCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CAPABILITY", description = "The capability.")
    String capability;

    @Option(names = "--fleet", paramLabel = "NAME", description = "The Fleet (default: the one that has CAPABILITY).")
    String fleetName;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ClusterCommands.withClient(cluster, "cannot read the history of " + capability, client -> {
            Fleet fleet = FleetLookup.find(client, Optional.ofNullable(fleetName), capability);
            TextTable table = new TextTable("REVISION", "DIGEST", "FIRST SEEN", "ENVIRONMENTS");
            for (ControllerRevision revision : FleetLookup.revisions(client, fleet, capability)) {
                String digest = revision.getMetadata().getAnnotations().getOrDefault(NaftikoLabels.FLEET_DIGEST, "?");
                table.row(String.valueOf(revision.getRevision()), digest.length() > 19 ? digest.substring(0, 19) + "…" : digest,
                        revision.getMetadata().getAnnotations().getOrDefault(NaftikoLabels.FIRST_SEEN, "?"),
                        environments(fleet, revision.getRevision(), digest));
            }
            table.print(spec.commandLine().getOut());
            return 0;
        });
    }

    private String environments(Fleet fleet, long number, String digest) {
        List<String> names = new ArrayList<>();
        for (FleetSpec.Environment environment : fleet.getSpec().environments()) {
            boolean runs = FleetTable.run(fleet, environment.name(), capability).map(FleetStatus.CapabilityRun::digest)
                    .filter(digest::equals).isPresent();
            FleetSpec.Pin pin = Optional.ofNullable(environment.pins()).orElse(Map.of()).get(capability);
            boolean pinned = pin != null && (pin.revision() != null ? pin.revision() == number : digest.equals(pin.digest()));
            if (runs || pinned) {
                names.add(environment.name() + (pinned ? " (pinned" + (runs ? ")" : ", not running yet)") : ""));
            }
        }
        return names.isEmpty() ? "-" : String.join(", ", names);
    }
}
