package io.naftiko.skipper.operator.fleet.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.testing.Golden;
import io.naftiko.skipper.api.testing.StructuralSchema;
import io.naftiko.skipper.api.testing.UpstreamCrds;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fleet's decisions, table-driven over {@code src/test/resources/fleet-plans/<case>/}: {@code fleet.yaml}, the
 * sources now ({@code sources/<capability>/}), the recorded revisions ({@code revisions/<capability>/<number>/}),
 * what each placement runs ({@code running.yaml}: {@code env/capability: number}) and the operator's cluster
 * ({@code cluster}); {@code expected.yaml} is the plan: what is recorded, pruned and kept, each placement's outcome,
 * and every object it writes.
 */
class FleetPlannerTest {

    static final Path CASES = Fixtures.repoRoot().resolve("operator/src/test/resources/fleet-plans");
    static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    static final JsonNode EXTERNAL_SECRET = UpstreamCrds.schema("external-secrets/external-secrets.io_externalsecrets.yaml", "v1");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> folders = Files.list(CASES)) {
            return folders.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planMatchesItsGoldenFile(String name) throws IOException {
        FleetPlan plan = FleetPlanner.plan(inputs(CASES.resolve(name)));

        Golden.assertMatches(CASES.resolve(name).resolve("expected.yaml"), describe(plan));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyExternalSecretValidatesAgainstTheRealCrd(String name) throws IOException {
        for (PlacementPlan placement : FleetPlanner.plan(inputs(CASES.resolve(name))).placements()) {
            for (HasMetadata object : placement.children()) {
                if (object instanceof GenericKubernetesResource) {
                    assertThat(StructuralSchema.validate(EXTERNAL_SECRET, Mappers.json().valueToTree(object))).as(placement.placement().toString())
                            .isEmpty();
                }
            }
        }
    }

    @Test
    void theSchemaCheckCatchesAnExternalSecretTheCrdRefuses() throws IOException {
        GenericKubernetesResource secret = FleetPlanner.plan(inputs(CASES.resolve("overrides-and-external-secrets"))).placements().stream()
                .flatMap(p -> p.children().stream()).filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast).findFirst().orElseThrow();
        JsonNode broken = Mappers.json().valueToTree(secret);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("spec").path("data").get(0)).put("secretKey", "not allowed!");

        assertThat(StructuralSchema.validate(EXTERNAL_SECRET, broken)).singleElement().asString().contains("spec.data[0].secretKey");
    }

    @Test
    void theDigestFramesEveryFileSoNoTwoSourcesShareOne() {
        assertThat(SourceFiles.of(Map.of("a", "bc")).digest()).isNotEqualTo(SourceFiles.of(Map.of("ab", "c")).digest());
        assertThat(SourceFiles.of(Map.of("a", "b", "c", "d")).digest()).isEqualTo(SourceFiles.of(Map.of("c", "d", "a", "b")).digest());
    }

    static FleetInputs inputs(Path folder) throws IOException {
        Fleet fleet = FleetFixtures.fleet(folder.resolve("fleet.yaml"));
        Map<String, SourceFiles> sources = new HashMap<>();
        if (Files.isDirectory(folder.resolve("sources"))) {
            try (Stream<Path> capabilities = Files.list(folder.resolve("sources"))) {
                capabilities.forEach(c -> sources.put(c.getFileName().toString(), FleetFixtures.source(c)));
            }
        }
        List<Revision> recorded = new ArrayList<>();
        if (Files.isDirectory(folder.resolve("revisions"))) {
            try (Stream<Path> capabilities = Files.list(folder.resolve("revisions"))) {
                for (Path capability : capabilities.toList()) {
                    try (Stream<Path> numbers = Files.list(capability)) {
                        for (Path number : numbers.toList()) {
                            SourceFiles files = FleetFixtures.source(number);
                            long n = Long.parseLong(number.getFileName().toString());
                            recorded.add(new Revision(capability.getFileName().toString(), n, files.digest(), files,
                                    NOW.minus(Duration.ofDays(30 - n))));
                        }
                    }
                }
            }
        }
        Map<Placement, String> running = new HashMap<>();
        if (Files.exists(folder.resolve("running.yaml"))) {
            Map<String, Integer> runs = Mappers.yaml().readValue(Files.readString(folder.resolve("running.yaml")),
                    Mappers.yaml().getTypeFactory().constructMapType(Map.class, String.class, Integer.class));
            runs.forEach((at, number) -> {
                String[] parts = at.split("/");
                String namespace = fleet.getSpec().environments().stream().filter(e -> e.name().equals(parts[0])).findFirst().orElseThrow()
                        .namespace();
                running.put(new Placement(parts[0], namespace, parts[1]), recorded.stream()
                        .filter(r -> r.capability().equals(parts[1]) && r.number() == number).findFirst().orElseThrow().digest());
            });
        }
        Optional<String> cluster = Files.exists(folder.resolve("cluster"))
                ? Optional.of(Files.readString(folder.resolve("cluster")).trim()) : Optional.empty();
        return new FleetInputs(fleet, sources, recorded, running, cluster, NOW);
    }

    /** The plan as reviewable text: decisions as comments, then every object as YAML. */
    static String describe(FleetPlan plan) throws IOException {
        StringBuilder text = new StringBuilder();
        plan.sourceProblems().forEach(p -> text.append("# source problem: ").append(p).append('\n'));
        plan.record().forEach(r -> text.append("# record: ").append(r.capability()).append(" revision ").append(r.number()).append('\n'));
        plan.prune().forEach(r -> text.append("# prune: ").append(r.capability()).append(" revision ").append(r.number()).append('\n'));
        plan.revisions().forEach(r -> text.append("# kept: ").append(r.capability()).append(" revision ").append(r.number())
                .append(' ').append(r.digest()).append('\n'));
        for (PlacementPlan placement : plan.placements()) {
            text.append("# ").append(placement.placement()).append(" in ").append(placement.placement().namespace()).append(": ")
                    .append(outcome(placement.outcome())).append('\n');
        }
        for (PlacementPlan placement : plan.placements()) {
            List<HasMetadata> objects = new ArrayList<>(placement.children());
            placement.capability().ifPresent(objects::add);
            for (HasMetadata object : objects) {
                text.append("---\n").append(Mappers.yaml().writeValueAsString(object).replaceFirst("^---\\n", ""));
            }
        }
        return text.toString();
    }

    static String outcome(Outcome outcome) {
        if (outcome instanceof Outcome.Runs runs) {
            return "runs revision " + runs.revision().number() + " (" + runs.why() + ")";
        }
        if (outcome instanceof Outcome.PinUnavailable pin) {
            return "PinUnavailable: " + pin.pin();
        }
        Outcome.Blocked blocked = (Outcome.Blocked) outcome;
        return blocked.reason() + ": " + blocked.message();
    }
}
