package io.naftiko.skipper.cli.apply;

import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.render.RenderSetup;
import io.naftiko.skipper.cli.render.SourceOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skipper apply -f FILE|DIR}: send capabilities and their inputs to the cluster, where the webhook admits them. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send capabilities and their inputs to the cluster, where the webhook admits them.",
            "Creates or updates, in the cluster of $KUBECONFIG, what the files describe: plain ikanos documents as",
            "specRef Capabilities with their ConfigMaps, Capability resources, ConfigMaps, CapabilityClasses. The cluster's",
            "webhook admits each Capability; a denial is printed and makes the exit code 1."})
public final class ApplyCommand implements Callable<Integer> {

    @Mixin
    SourceOptions sources;

    @ParentCommand
    Skipper skipper;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ClusterCommands.withClient(cluster, "cannot apply", client -> {
            // Like kubectl: without -n, the kubeconfig context's namespace.
            String namespace = sources.namespaceOr(client.getNamespace() == null ? "default" : client.getNamespace());
            RenderSetup setup = sources.load(skipper.environment(), namespace);
            List<ClusterChanges.Change> changes = ClusterChanges.apply(client,
                    ClusterChanges.inputs(setup.inputs(), setup.renderer(), namespace));
            PrintWriter out = spec.commandLine().getOut();
            changes.forEach(change -> out.println(change.object() + " " + change.action()
                    + change.details().stream().map(d -> ": " + d).findFirst().orElse("")));
            return changes.stream().anyMatch(c -> c.action().equals("denied")) ? Skipper.EXIT_FAILED : 0;
        });
    }
}
