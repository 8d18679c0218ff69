package io.naftiko.skipper.cli.render;

import io.naftiko.skipper.reconciler.render.RenderInputs;
import io.naftiko.skipper.reconciler.render.SourceLoader;
import io.naftiko.skipper.reconciler.render.Renderer;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files read and a renderer ready, as {@code render}, {@code apply} and {@code diff} take them from the command line:
 * the shipped classes (or {@code --classes}), plus the classes the files define.
 *
 * @param inputs   what the files hold
 * @param renderer a renderer over the classes
 */
public record RenderSetup(RenderInputs inputs, Renderer renderer) {

    /** Reads the files and classes. */
    public static RenderSetup load(List<Path> files, Optional<String> name, Optional<Path> classesDir, String namespace,
                                   Map<String, String> environment) {
        SourceLoader loaded = SourceLoader.load(files, name);
        Map<String, CapabilityClass> classes = new LinkedHashMap<>();
        List<CapabilityClass> classList = classesDir.map(SourceLoader::loadClasses).orElseGet(() -> List.copyOf(ShippedClasses.all().values()));
        classList.forEach(c -> classes.put(c.getMetadata().getName(), c));
        RenderInputs inputs = loaded.inputs();
        inputs.classes().forEach(c -> classes.put(c.getMetadata().getName(), c));
        return new RenderSetup(inputs, new Renderer(classes, namespace, OperatorSettings.fromEnvironment(environment)));
    }
}
