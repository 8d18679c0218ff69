package io.naftiko.skipper.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.operator.fleet.FleetController;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet of N capabilities (default 200; the tutorial's step-1 document, made distinct per capability) in three
 * environments (dev and staging tracking latest, prod pinned to revision 1), converged by the fleet controller on the
 * mock API (no admission: what is measured is the controller); then a resync (goal: no write), then one document
 * edit (the time until staging runs it, and the writes it took). Run with
 * {@code java -Xmx512m -cp bench/target/skipper-bench.jar io.naftiko.skipper.bench.FleetBenchmark [N]}.
 */
public final class FleetBenchmark {

    private FleetBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        String document = Files.readString(Path.of("deploy/samples/shipyard-mock/shipyard-mock.yml"));
        try (ApiProcess api = new ApiProcess()) {
            KubernetesClient client = api.client();
            ShippedClasses.all().values().forEach(c -> client.resource(c).create());
            List<FleetSpec.FleetCapability> capabilities = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "capability-" + i;
                client.resource(new ConfigMapBuilder().withNewMetadata().withName(name + "-source").withNamespace("skipper").endMetadata()
                        .addToData("capability.yaml", "# " + name + "\n" + document).build()).create();
                capabilities.add(new FleetSpec.FleetCapability(name, new FleetSpec.Source(name + "-source"), "standard"));
            }
            Map<String, FleetSpec.Pin> pins = new LinkedHashMap<>();
            capabilities.forEach(c -> pins.put(c.name(), new FleetSpec.Pin(1, null)));
            Fleet fleet = new Fleet();
            fleet.getMetadata().setName("bench");
            fleet.setSpec(new FleetSpec(new FleetSpec.Sources("skipper"), null, capabilities, List.of(
                    new FleetSpec.Environment("dev", "bench-dev", null, "latest", null, null, null, null),
                    new FleetSpec.Environment("staging", "bench-staging", null, "latest", "dev", null, null, null),
                    new FleetSpec.Environment("prod", "bench-prod", null, null, "staging", null, null, pins))));
            client.resource(fleet).create();
            FleetController controller = new FleetController(client, new OwnedWriter(client), Optional.empty(), "skipper", SystemClock.utc());
            api.reset();

            long start = System.nanoTime();
            // Two passes: a new revision's spec ConfigMap is written one pass before its Capability.
            controller.pass();
            controller.pass();
            double convergeSeconds = (System.nanoTime() - start) / 1e9;
            int placements = client.resources(Capability.class).inAnyNamespace().withLabel(NaftikoLabels.FLEET, "bench").list().getItems().size();
            int convergeRequests = api.total() - 1; // less the list just above
            api.reset();

            controller.pass();
            int resyncReads = api.count("GET");
            int resyncWrites = api.writes();
            api.reset();

            client.configMaps().inNamespace("skipper").withName("capability-0-source").edit(c -> {
                c.getData().put("capability.yaml", c.getData().get("capability.yaml") + "# an edit\n");
                return c;
            });
            api.reset();
            long edited = System.nanoTime();
            controller.pass();
            controller.pass();
            double editSeconds = (System.nanoTime() - edited) / 1e9;
            int editWrites = api.writes();
            String stagingRuns = client.resources(Capability.class).inNamespace("bench-staging").withName("capability-0").get()
                    .getMetadata().getAnnotations().get(NaftikoLabels.FLEET_DIGEST);
            String prodRuns = client.resources(Capability.class).inNamespace("bench-prod").withName("capability-0").get()
                    .getMetadata().getAnnotations().get(NaftikoLabels.FLEET_DIGEST);
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();

            System.out.printf("| capabilities × environments | Capabilities made | converged (two passes) | API requests | resync: reads, writes | one edit: two passes, writes | staging moved, prod stayed | controller heap after GC |%n");
            System.out.printf("|---|---|---|---|---|---|---|---|%n");
            System.out.printf("| %d × 3 | %d | %.1f s | %d (%.1f per placement) | %d, %d | %.2f s, %d | %s | %d MB |%n", count, placements,
                    convergeSeconds, convergeRequests, (double) convergeRequests / placements, resyncReads, resyncWrites, editSeconds, editWrites,
                    !stagingRuns.equals(prodRuns), heap / (1024 * 1024));
        }
    }
}
