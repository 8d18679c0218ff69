package io.naftiko.skipper.cli.fleet;

import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.validation.FleetRules;
import io.naftiko.skipper.api.validation.Violation;
import io.naftiko.skipper.cli.render.RenderSetup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The manifest a fleet command reads ({@code -f}) and the classes it checks overrides against ({@code --classes}). */
public final class ManifestOptions {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "The manifest, e.g. naftiko.fleet.yaml.")
    Path file;

    @Option(names = "--classes", paramLabel = "DIR", description = "Folder of CapabilityClass files (default: the shipped dev, standard, premium).")
    Path classesDir;

    /** Every violation of the fleet rules in {@code fleet}, with the local classes. */
    List<Violation> violations(Fleet fleet) {
        Map<String, CapabilityClass> classes = new LinkedHashMap<>();
        RenderSetup.localClasses(Optional.ofNullable(classesDir)).forEach(c -> classes.put(c.getMetadata().getName(), c));
        return FleetRules.validate(fleet, name -> Optional.ofNullable(classes.get(name)));
    }

    /** The manifest, or null after printing every violation on {@code err}. */
    Fleet readValid(PrintWriter err) {
        Fleet fleet = LintCommand.read(file);
        List<Violation> violations = violations(fleet);
        violations.forEach(v -> err.println(file + ": " + v));
        return violations.isEmpty() ? fleet : null;
    }
}
