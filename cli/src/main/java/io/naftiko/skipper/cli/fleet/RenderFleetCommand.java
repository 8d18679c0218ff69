package io.naftiko.skipper.cli.fleet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.cli.ObjectOutput;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.operator.fleet.plan.FleetInputs;
import io.naftiko.skipper.operator.fleet.plan.FleetPlan;
import io.naftiko.skipper.operator.fleet.plan.FleetPlanner;
import io.naftiko.skipper.operator.fleet.plan.Outcome;
import io.naftiko.skipper.operator.fleet.plan.PlacementPlan;
import io.naftiko.skipper.operator.fleet.plan.Revision;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code skipper fleet render -f naftiko.fleet.yaml --env E}: everything the fleet controller keeps in environment E,
 * offline, as one YAML stream (what Argo CD would diff). The sources are what the kustomization beside the manifest
 * generates; offline the only revision of each capability is its content now, so a pin by number (which only the
 * cluster's history resolves) is named in a comment and on stderr, and that capability is left out.
 */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print what the fleet controller keeps in one environment, offline.",
            "One YAML stream: spec and import ConfigMaps, ExternalSecrets and the Capability of each capability. Sources",
            "come from the kustomization.yaml beside the manifest (configMapGenerator). Exit 1 with every problem of the",
            "manifest, named by its path, and nothing printed."})
public final class RenderFleetCommand implements Callable<Integer> {

    @Mixin
    ManifestOptions manifest;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "The environment to render.")
    String environment;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Fleet fleet = manifest.readValid(err);
        if (fleet == null) {
            return Skipper.EXIT_FAILED;
        }
        FleetSpec.Environment env = fleet.getSpec().environments().stream().filter(e -> e.name().equals(environment)).findFirst()
                .orElse(null);
        if (env == null) {
            err.println(manifest.file + ": no environment " + environment + " (it has "
                    + fleet.getSpec().environments().stream().map(FleetSpec.Environment::name).toList() + ")");
            return Skipper.EXIT_FAILED;
        }
        List<String> problems = new ArrayList<>();
        var sources = KustomizeSources.read(manifest.file, fleet, problems);
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println(manifest.file + ": " + p));
            return Skipper.EXIT_FAILED;
        }
        // Offline, each source's content now is the only revision, numbered 0: revision numbers are the cluster's, so
        // only a pin by digest can name it.
        List<Revision> offline = new ArrayList<>();
        sources.forEach((capability, files) -> offline.add(new Revision(capability, 0, files.digest(), files, Instant.EPOCH)));
        FleetPlan plan = FleetPlanner.plan(new FleetInputs(fleet, sources, offline, Map.of(), Optional.ofNullable(env.cluster()),
                Instant.EPOCH));
        List<String> notes = new ArrayList<>();
        List<HasMetadata> objects = new ArrayList<>();
        for (PlacementPlan placement : plan.placements()) {
            if (!placement.placement().environment().equals(environment)) {
                continue;
            }
            if (placement.outcome() instanceof Outcome.PinUnavailable pin) {
                String note = placement.placement() + ": pinned to " + pin.pin() + ", which only the cluster's history holds"
                        + " (skipper fleet history " + placement.placement().capability() + "); not rendered";
                notes.add(note);
            } else if (placement.outcome() instanceof Outcome.Blocked blocked) {
                problems.add(placement.placement() + ": " + blocked.reason() + ": " + blocked.message());
            } else {
                objects.addAll(placement.children());
                placement.capability().ifPresent(objects::add);
            }
        }
        if (!problems.isEmpty()) {
            // Nothing partial: an environment that cannot be rendered whole is not rendered.
            problems.forEach(err::println);
            return Skipper.EXIT_FAILED;
        }
        out.println("# Fleet " + fleet.getMetadata().getName() + ", environment " + env.name() + " (namespace " + env.namespace()
                + "): what the fleet controller keeps there");
        notes.forEach(note -> {
            out.println("# " + note);
            err.println(note);
        });
        ObjectOutput.print(objects, ObjectOutput.Format.yaml, out);
        return 0;
    }
}
