package io.naftiko.skipper.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.api.admission.CapabilityAdmission;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.reconciler.controller.CapabilityController;
import io.naftiko.skipper.reconciler.controller.ControllerOptions;
import io.naftiko.skipper.reconciler.controller.ReconcileResult;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Converges N Capabilities (default 1,000; the sample fleet manifest, inline) against the fabric8
 * mock API server in CRUD mode; reports time to converge, API requests per Capability, the writes
 * of a full resync after convergence (goal: none) and the heap in use. Run with
 * {@code java -Xmx256m -cp bench/target/skipper-bench.jar io.naftiko.skipper.bench.ReconcilerBenchmark [N]}; the mock API
 * server runs in a process of its own, so the heap reported is the reconciler's (with its informer caches).
 */
public final class ReconcilerBenchmark {

    private ReconcilerBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ApiProcess api = new ApiProcess();
        KubernetesClient client = api.client();
        String document = Files.readString(Path.of("deploy/samples/shipyard-fleet/shipyard-fleet.yml"));
        Capability template = new Capability();
        template.setMetadata(new ObjectMetaBuilder().withName("template").withNamespace("fleet").build());
        template.setSpec(Mappers.json().convertValue(Mappers.yaml().readTree(document), CapabilitySpec.class));
        for (int i = 0; i < count; i++) {
            Capability capability = Mappers.json().convertValue(template, Capability.class);
            capability.getMetadata().setName("capability-" + i);
            capability.getMetadata().setNamespace("fleet-" + (i % 10));
            client.resource(CapabilityAdmission.admit(capability, AdmissionContext.shippedDefaults()).admitted()).create();
        }
        api.reset();

        Map<String, Boolean> converged = new ConcurrentHashMap<>();
        AtomicInteger reconciles = new AtomicInteger();
        long start = System.nanoTime();
        CapabilityController controller = new CapabilityController(client, OperatorSettings.defaults(), SystemClock.utc(),
                ControllerOptions.defaults(), (ReconcileResult result) -> {
                    reconciles.incrementAndGet();
                    // Converged: every child exists and the status is written.
                    if (result.phase() != null && !result.children().isEmpty()) {
                        result.children().keySet().stream().filter(k -> k.startsWith("Deployment/"))
                                .forEach(k -> converged.put(k, true));
                    }
                });
        controller.start();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (converged.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Duration toConverge = Duration.ofNanos(System.nanoTime() - start);
        Thread.sleep(1000);
        int convergeRequests = api.total();
        String convergeBreakdown = api.breakdown();
        api.reset();

        int resyncReconciles = reconciles.get();
        for (int i = 0; i < count; i++) {
            controller.enqueue("fleet-" + (i % 10) + "/capability-" + i);
        }
        while (reconciles.get() < resyncReconciles + count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500);
        int reads = api.count("GET");
        int writes = api.writes();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        controller.close();
        api.close();

        System.out.printf("| Capabilities | time to converge | API requests per Capability | writes in a full resync | reads in it | reconciler heap in use after GC |%n");
        System.out.printf("|---|---|---|---|---|---|%n");
        System.out.printf("| %d | %.1f s | %.1f | %d | %d | %d MB |%n", count, toConverge.toMillis() / 1000.0,
                (double) convergeRequests / count, writes, reads, heap / (1024 * 1024));
        System.out.printf("%nRequests while converging: %s%n", convergeBreakdown);
    }
}
