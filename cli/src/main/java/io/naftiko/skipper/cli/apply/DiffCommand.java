package io.naftiko.skipper.cli.apply;

import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.OperatorLocation;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.render.RenderSetup;
import io.naftiko.skipper.cli.render.SourceOptions;
import io.naftiko.skipper.reconciler.render.RenderResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skipper diff -f FILE|DIR}: what the operator would change in the cluster for these files. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what the files would change in the cluster.",
            "Renders the files as the cluster's operator would (with the cluster's CapabilityClasses and the NAFTIKO_*",
            "settings of the operator's Deployment) and compares each object with the cluster's: to create, to update",
            "(with the JSON paths), or unchanged. Exit 0 when nothing would change, 1 when something would, 2 on an",
            "error (as kubectl diff)."})
public final class DiffCommand implements Callable<Integer>, Skipper.ErrorExitCode {

    /** As kubectl diff: 0 no change, 1 changes, this for an error. */
    static final int EXIT_ERROR = 2;

    @Mixin
    SourceOptions sources;

    @Mixin
    OperatorLocation operator;

    @ParentCommand
    Skipper skipper;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public int errorExitCode() {
        return EXIT_ERROR;
    }

    @Override
    public Integer call() {
        return ClusterCommands.withClient(cluster, "cannot compare with the cluster", client -> {
            PrintWriter err = spec.commandLine().getErr();
            Consumer<String> warn = warning -> err.println("warning: " + warning);
            // Like kubectl: without -n, the kubeconfig context's namespace.
            RenderSetup setup = sources.load(skipper.stdin(), client.getNamespace() == null ? "default" : client.getNamespace(),
                    () -> ClusterSettings.classes(client, warn), ClusterSettings.operator(client, operator, warn));
            RenderResult rendered = setup.renderer().render(setup.inputs());
            if (!rendered.valid()) {
                rendered.violations().forEach(err::println);
                return EXIT_ERROR;
            }
            List<ClusterChanges.Change> changes = ClusterChanges.diff(client, rendered);
            PrintWriter out = spec.commandLine().getOut();
            for (ClusterChanges.Change change : changes) {
                out.println(switch (change.difference()) {
                    case create -> "+ " + change.object();
                    case update -> "~ " + change.object();
                    case none -> "  " + change.object() + " (unchanged)";
                });
                change.paths().forEach(path -> out.println("    " + path));
            }
            return changes.stream().allMatch(c -> c.difference() == ClusterChanges.Difference.none) ? 0 : Skipper.EXIT_FAILED;
        });
    }
}
