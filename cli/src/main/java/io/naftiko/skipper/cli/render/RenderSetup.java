package io.naftiko.skipper.cli.render;

import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.reconciler.render.RenderInputs;
import io.naftiko.skipper.reconciler.render.Renderer;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files read and a renderer ready, as {@code render}, {@code apply} and {@code diff} take them from the command line:
 * the base classes (shipped, {@code --classes} or the cluster's), plus the classes the files define.
 *
 * @param inputs   what the files hold
 * @param renderer a renderer over the classes
 */
public record RenderSetup(RenderInputs inputs, Renderer renderer) {

    /** Reads the files ({@code -} from {@code stdin}) and lays the classes they define over {@code baseClasses}. */
    public static RenderSetup load(List<Path> files, Optional<String> name, InputStream stdin, List<CapabilityClass> baseClasses,
                                   String namespace, OperatorSettings settings) {
        RenderInputs inputs = SourceLoader.load(files, name, stdin).inputs();
        Map<String, CapabilityClass> classes = new LinkedHashMap<>();
        baseClasses.forEach(c -> classes.put(c.getMetadata().getName(), c));
        inputs.classes().forEach(c -> classes.put(c.getMetadata().getName(), c));
        return new RenderSetup(inputs, new Renderer(classes, namespace, settings));
    }

    /** The classes of {@code --classes DIR}, else the shipped dev, standard and premium. */
    public static List<CapabilityClass> localClasses(Optional<Path> classesDir) {
        return classesDir.map(SourceLoader::loadClasses).orElseGet(() -> List.copyOf(ShippedClasses.all().values()));
    }
}
