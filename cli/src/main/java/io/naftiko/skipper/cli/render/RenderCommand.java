package io.naftiko.skipper.cli.render;

import io.naftiko.skipper.cli.Skipper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skipper render}: admit and render capabilities offline, as one YAML stream. */
@Command(name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Admit capabilities offline, with the webhook's own rules (mutate, then validate),",
            "and print every resource the operator would create as one YAML stream on stdout.",
            "",
            "A plain ikanos document becomes a specRef Capability named after its file (or --name),",
            "with its ConfigMap; imports next to it become their ConfigMaps; bind Secrets are",
            "listed in comments, never invented.",
            "Invalid input: exit 1, every violation on stderr, nothing on stdout.",
            ""},
        sortOptions = false)
public final class RenderCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR",
            description = "An ikanos document, a YAML file of resources (Capability, ConfigMap, CapabilityClass), or a folder of them. Repeatable.")
    List<Path> files;

    @Option(names = {"-n", "--namespace"}, defaultValue = "default",
            description = "Namespace of plain documents and of resources that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--classes", paramLabel = "DIR",
            description = "Folder of CapabilityClass files to use instead of the shipped dev, standard and premium.")
    Path classesDir;

    @Option(names = "--name", description = "Name of the Capability wrapping a single plain document.")
    String name;

    @ParentCommand
    Skipper skipper;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RenderSetup setup = RenderSetup.load(files, Optional.ofNullable(name), Optional.ofNullable(classesDir), namespace,
                skipper.environment());
        RenderResult result = setup.renderer().render(setup.inputs());

        result.warnings().forEach(w -> err.println("warning: " + w));
        if (!result.valid()) {
            result.violations().forEach(err::println);
            err.println("render: denied, " + result.violations().size()
                    + (result.violations().size() == 1 ? " violation" : " violations") + "; nothing rendered");
            return Skipper.EXIT_FAILED;
        }
        out.print(result.yaml());
        return 0;
    }
}
