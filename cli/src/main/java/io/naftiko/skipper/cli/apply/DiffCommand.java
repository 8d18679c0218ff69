package io.naftiko.skipper.cli.apply;

import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.reconciler.render.RenderResult;
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

/** {@code skipper diff -f FILE|DIR}: what {@code render} would change in the cluster. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Show what render would change in the cluster.",
            "Renders the files offline (admission with the shipped or given classes, then every child resource) and",
            "compare each object with the cluster's: to create, to update (with the JSON paths), or unchanged. Exit 0 when",
            "nothing would change, 1 when something would, 2 on an error (as kubectl diff)."})
public final class DiffCommand implements Callable<Integer>, Skipper.ErrorExitCode {

    /** As kubectl diff: 0 no change, 1 changes, this for an error. */
    static final int EXIT_ERROR = 2;

    @Override
    public int errorExitCode() {
        return EXIT_ERROR;
    }


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
        return ClusterCommands.withClient(cluster, "cannot compare with the cluster", client -> {
            // Like kubectl: without -n, the kubeconfig context's namespace.
            RenderSetup setup = sources.load(skipper.environment(),
                    client.getNamespace() == null ? "default" : client.getNamespace());
            RenderResult rendered = setup.renderer().render(setup.inputs());
            if (!rendered.valid()) {
                rendered.violations().forEach(spec.commandLine().getErr()::println);
                return EXIT_ERROR;
            }
            List<ClusterChanges.Change> changes = ClusterChanges.diff(client, rendered);
            PrintWriter out = spec.commandLine().getOut();
            for (ClusterChanges.Change change : changes) {
                out.println((change.action().equals("create") ? "+ " : change.action().equals("update") ? "~ " : "  ")
                        + change.object() + (change.action().equals("none") ? " (unchanged)" : ""));
                change.details().forEach(path -> out.println("    " + path));
            }
            return changes.stream().allMatch(c -> c.action().equals("none")) ? 0 : Skipper.EXIT_FAILED;
        });
    }
}
