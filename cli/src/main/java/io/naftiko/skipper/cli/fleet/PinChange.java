package io.naftiko.skipper.cli.fleet;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.manifest.PinEditor;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.validation.Violation;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where {@code fleet promote} and {@code fleet rollback} set a pin: in the manifest file, edited in place for a Git
 * commit (only the pin's text changes; the result must pass the fleet rules, else nothing is written), or in the
 * cluster's Fleet ({@code --in-cluster}, admitted by the webhook like any edit).
 */
public final class PinChange {

    /** Exactly one target. */
    static final class Target {
        @Option(names = {"-f", "--filename"}, paramLabel = "FILE", description = "Edit this manifest in place (keeping comments and layout).")
        Path file;

        @Option(names = "--in-cluster", description = "Patch the Fleet in the cluster instead of a file.")
        boolean inCluster;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--fleet", paramLabel = "NAME", description = "The Fleet (default: the manifest's, or the one that has CAPABILITY).")
    String fleetName;

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--classes", paramLabel = "DIR", description = "With -f: folder of CapabilityClass files the edited manifest is checked against.")
    Path classesDir;

    /** What a pin command does with the cluster, the Fleet there, and the manifest it edits (the file's, or that one). */
    @FunctionalInterface
    interface Work {
        int run(KubernetesClient client, Fleet live, Fleet manifest);
    }

    /** Runs {@code work} with the cluster's Fleet that has {@code capability} (named by --fleet or the file). */
    int withFleet(String capability, String doing, Work work) {
        Optional<Fleet> manifest = Optional.ofNullable(target.file).map(LintCommand::read);
        Optional<String> name = Optional.ofNullable(fleetName).or(() -> manifest.map(f -> f.getMetadata().getName()));
        return ClusterCommands.withClient(cluster, doing, client -> {
            Fleet live = FleetLookup.find(client, name, capability);
            return work.run(client, live, manifest.orElse(live));
        });
    }

    /** Sets the pin; returns the exit code. */
    int set(KubernetesClient client, String fleetName, String environment, String capability, long revision, PrintWriter out, PrintWriter err) {
        String pin = "revision: " + revision;
        if (target.inCluster) {
            client.resources(Fleet.class).withName(fleetName).edit(fleet -> {
                fleet.setSpec(fleet.getSpec().withEnvironment(environment, e -> e.withPin(capability, new FleetSpec.Pin((int) revision, null))));
                return fleet;
            });
            out.println("fleet.naftiko.io/" + fleetName + ": " + environment + " pins " + capability + " to revision " + revision);
            return 0;
        }
        Path file = target.file;
        String before;
        try {
            before = Files.readString(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
        String after;
        try {
            after = PinEditor.setPin(before, environment, capability, pin);
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage(), e);
        }
        Fleet edited;
        try {
            edited = Mappers.yaml().readValue(after, Fleet.class);
        } catch (IOException e) {
            throw new UserError(file + ": the edit would not be a Fleet: " + e.getMessage(), e);
        }
        ManifestOptions rules = new ManifestOptions();
        rules.file = file;
        rules.classesDir = classesDir;
        List<Violation> violations = rules.violations(edited);
        if (!violations.isEmpty()) {
            violations.forEach(v -> err.println(file + ": " + v));
            err.println(file + ": not written");
            return Skipper.EXIT_FAILED;
        }
        if (after.equals(before)) {
            out.println(file + ": " + environment + " already pins " + capability + " to revision " + revision + "; nothing changed");
            return 0;
        }
        try {
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".fleet", ".yaml");
            Files.writeString(temporary, after);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError(file + ": cannot write: " + e.getMessage(), e);
        }
        out.println(file + ": " + environment + " pins " + capability + " to revision " + revision);
        PinEditor.changedLines(before, after).forEach(out::println);
        return 0;
    }
}
