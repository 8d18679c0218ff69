package io.naftiko.skipper.cli.render;

import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The options by which {@code render}, {@code apply} and {@code diff} name their files, as a picocli mixin. */
public final class SourceOptions {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-",
            description = "An ikanos document, a YAML file of resources (Capability, ConfigMap, CapabilityClass), a folder of them,"
                    + " or - for standard input. Repeatable.")
    List<Path> files;

    @Option(names = {"-n", "--namespace"},
            description = "Namespace of plain documents and of resources that name none (default: the kubeconfig context's"
                    + " namespace against a cluster, 'default' offline).")
    String namespace;

    @Option(names = "--classes", paramLabel = "DIR",
            description = "Folder of CapabilityClass files to use instead of the shipped dev, standard and premium"
                    + " (diff: instead of the cluster's).")
    Path classesDir;

    @Option(names = "--name", description = "Name of the Capability wrapping a single plain document (from stdin: 'stdin').")
    String name;

    /** The namespace of objects that name none: {@code -n}, else {@code fallback}. */
    public String namespaceOr(String fallback) {
        return namespace != null ? namespace : fallback;
    }

    /**
     * Reads the files; objects that name no namespace go to {@code -n}, else {@code fallback}; the classes are those
     * of {@code --classes}, else {@code defaultClasses}.
     */
    public RenderSetup load(InputStream stdin, String fallback, Supplier<List<CapabilityClass>> defaultClasses, OperatorSettings settings) {
        List<CapabilityClass> classes = classesDir != null ? RenderSetup.localClasses(Optional.of(classesDir)) : defaultClasses.get();
        return RenderSetup.load(files, Optional.ofNullable(name), stdin, classes, namespaceOr(fallback), settings);
    }

    /** As {@link #load(InputStream, String, Supplier, OperatorSettings)} with the shipped classes. */
    public RenderSetup loadLocal(InputStream stdin, String fallback, OperatorSettings settings) {
        return load(stdin, fallback, () -> RenderSetup.localClasses(Optional.empty()), settings);
    }
}
