package io.naftiko.skipper.cli.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options by which {@code render}, {@code apply} and {@code diff} name their files, as a picocli mixin. */
public final class SourceOptions {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR",
            description = "An ikanos document, a YAML file of resources (Capability, ConfigMap, CapabilityClass), or a folder of them. Repeatable.")
    List<Path> files;

    @Option(names = {"-n", "--namespace"},
            description = "Namespace of plain documents and of resources that name none (default: the kubeconfig context's"
                    + " namespace against a cluster, 'default' offline).")
    String namespace;

    @Option(names = "--classes", paramLabel = "DIR",
            description = "Folder of CapabilityClass files to use instead of the shipped dev, standard and premium.")
    Path classesDir;

    @Option(names = "--name", description = "Name of the Capability wrapping a single plain document.")
    String name;

    /** The namespace of objects that name none: {@code -n}, else {@code fallback}. */
    public String namespaceOr(String fallback) {
        return namespace != null ? namespace : fallback;
    }

    /** Reads the files and classes; objects that name no namespace go to {@code -n}, else {@code fallback}. */
    public RenderSetup load(Map<String, String> environment, String fallback) {
        return RenderSetup.load(files, Optional.ofNullable(name), Optional.ofNullable(classesDir), namespaceOr(fallback), environment);
    }
}
