package io.naftiko.skipper.cli.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.cli.ObjectOutput;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.reconciler.render.RenderResult;
import io.naftiko.skipper.api.TextTable;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code skipper render}: admit and render capabilities offline, as one YAML stream. */
@Command(name = "render",
        mixinStandardHelpOptions = true,
        description = {
            "Admit capabilities offline and print what the operator would create.",
            "Admission uses the webhook's own rules (mutate, then validate); every resource the operator would",
            "create is printed as one YAML stream on stdout (-o json: one List; -o name: kind/name; -o wide: a table).",
            "",
            "A plain ikanos document becomes a specRef Capability named after its file (or --name),",
            "with its ConfigMap; imports next to it become their ConfigMaps; bind Secrets are",
            "listed in comments, never invented.",
            "Invalid input: exit 1, every violation on stderr, nothing on stdout.",
            ""},
        sortOptions = false)
public final class RenderCommand implements Callable<Integer> {

    @Mixin
    SourceOptions sources;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json|wide|name", defaultValue = "yaml",
            description = "Output format (default: ${DEFAULT-VALUE}, with the Secrets each capability needs as comments).")
    ObjectOutput.Format output;

    @ParentCommand
    Skipper skipper;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RenderSetup setup = sources.loadLocal(skipper.stdin(), "default", OperatorSettings.fromEnvironment(skipper.environment()));
        RenderResult result = setup.renderer().render(setup.inputs());

        result.warnings().forEach(w -> err.println("warning: " + w));
        if (!result.valid()) {
            result.violations().forEach(err::println);
            err.println("render: denied, " + result.violations().size()
                    + (result.violations().size() == 1 ? " violation" : " violations") + "; nothing rendered");
            return Skipper.EXIT_FAILED;
        }
        List<HasMetadata> objects = result.sections().stream().flatMap(section -> section.objects().stream()).toList();
        switch (output) {
            case yaml -> out.print(result.yaml());
            case wide, table -> {
                TextTable table = new TextTable("KIND", "NAMESPACE", "NAME", "API VERSION");
                objects.forEach(o -> table.row(o.getKind(), o.getMetadata().getNamespace() == null ? "-" : o.getMetadata().getNamespace(),
                        o.getMetadata().getName(), o.getApiVersion()));
                table.print(out);
            }
            default -> ObjectOutput.print(objects, output, out);
        }
        return 0;
    }
}
