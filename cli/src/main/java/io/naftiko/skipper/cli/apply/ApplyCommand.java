package io.naftiko.skipper.cli.apply;

import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.ObjectOutput;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.render.RenderSetup;
import io.naftiko.skipper.cli.render.SourceOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skipper apply -f FILE|DIR}: server-side apply capabilities and their inputs, which the cluster's webhook admits. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Server-side apply capabilities and their inputs to the cluster, where the webhook admits them.",
            "Sends, as field manager skipper-cli, what the files describe: plain ikanos documents as specRef Capabilities",
            "with their ConfigMaps, Capability resources, ConfigMaps, CapabilityClasses. Fields other tools set (labels,",
            "annotations) are kept. A webhook denial or any other refusal is printed with its kind and makes the exit code 1."})
public final class ApplyCommand implements Callable<Integer> {

    @Mixin
    SourceOptions sources;

    @Option(names = "--dry-run", paramLabel = "none|client|server", defaultValue = "none",
            description = "client: compare here and send nothing; server: the API server admits (webhook included) and stores nothing.")
    ClusterChanges.DryRun dryRun;

    @Option(names = "--force-conflicts", description = "Take over fields another field manager owns (as kubectl apply --server-side).")
    boolean forceConflicts;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json|name",
            description = "Print the applied objects as the API server returned them, instead of one line each.")
    ObjectOutput.Format output;

    @ParentCommand
    Skipper skipper;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (output == ObjectOutput.Format.table || output == ObjectOutput.Format.wide) {
            throw new ParameterException(spec.commandLine(), "-o " + output + ": apply prints yaml, json or name");
        }
        return ClusterCommands.withClient(cluster, "cannot apply", client -> {
            // Like kubectl: without -n, the kubeconfig context's namespace.
            String namespace = sources.namespaceOr(client.getNamespace() == null ? "default" : client.getNamespace());
            RenderSetup setup = sources.loadLocal(skipper.stdin(), namespace, OperatorSettings.fromEnvironment(skipper.environment()));
            List<ClusterChanges.Outcome> outcomes = ClusterChanges.apply(client,
                    ClusterChanges.inputs(setup.inputs(), setup.renderer(), namespace), dryRun, forceConflicts);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String suffix = dryRun == ClusterChanges.DryRun.none ? "" : " (" + dryRun + " dry run)";
            if (output != null) {
                ObjectOutput.print(outcomes.stream().map(ClusterChanges.Outcome::result).filter(Objects::nonNull).toList(), output, out);
            }
            for (ClusterChanges.Outcome outcome : outcomes) {
                String line = outcome.object() + " " + outcome.action() + suffix + (outcome.message() == null ? "" : ": " + outcome.message());
                if (outcome.action().failure()) {
                    err.println(line + (outcome.action() == ClusterChanges.Applied.conflict ? " (--force-conflicts takes the fields over)" : ""));
                } else if (output == null) {
                    out.println(line);
                }
            }
            return outcomes.stream().anyMatch(o -> o.action().failure()) ? Skipper.EXIT_FAILED : 0;
        });
    }
}
