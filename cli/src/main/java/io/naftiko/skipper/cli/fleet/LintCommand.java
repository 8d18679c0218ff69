package io.naftiko.skipper.cli.fleet;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.validation.Violation;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code skipper fleet lint -f naftiko.fleet.yaml}: every problem of the manifest, named by its path, offline. */
@Command(name = "lint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a fleet manifest offline, every problem by its path.",
            "Names that do not resolve (overrides, binds, pins, promotesFrom), two environments on one namespace, a",
            "promotesFrom cycle, pins that are not one revision, overrides above the tier's policy. Exit 0 when clean,",
            "1 with every problem on stderr."})
public final class LintCommand implements Callable<Integer> {

    /** Largest manifest read. */
    static final long MAX_BYTES = 1024 * 1024;

    @Mixin
    ManifestOptions manifest;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path file = manifest.file;
        Fleet fleet = read(file);
        List<Violation> violations = manifest.violations(fleet);
        violations.forEach(v -> spec.commandLine().getErr().println(file + ": " + v));
        if (!violations.isEmpty()) {
            spec.commandLine().getErr().println("lint: " + violations.size() + (violations.size() == 1 ? " problem" : " problems"));
            return Skipper.EXIT_FAILED;
        }
        int capabilities = fleet.getSpec().capabilities().size();
        int environments = fleet.getSpec().environments().size();
        spec.commandLine().getOut().println(file + ": Fleet " + fleet.getMetadata().getName() + ", " + capabilities
                + (capabilities == 1 ? " capability" : " capabilities") + " in " + environments
                + (environments == 1 ? " environment" : " environments") + ": clean");
        return 0;
    }

    static Fleet read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UserError(file + ": larger than 1 MiB; a fleet manifest is not");
            }
            JsonNode node = Mappers.yaml().readTree(Files.readString(file));
            if (node == null || !"Fleet".equals(node.path("kind").asText()) || !Capability.API_VERSION.equals(node.path("apiVersion").asText())) {
                throw new UserError(file + ": not a Fleet (kind: Fleet, apiVersion: " + Capability.API_VERSION + ")");
            }
            return Mappers.json().treeToValue(node, Fleet.class);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file", e);
        } catch (JacksonException e) {
            throw new UserError(file + ": not a readable Fleet: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
