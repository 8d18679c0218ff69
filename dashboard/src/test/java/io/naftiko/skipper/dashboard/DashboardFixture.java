package io.naftiko.skipper.dashboard;

import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javalin.Javalin;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.RolloutSummary;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenSpec;
import io.naftiko.skipper.api.v1alpha3.WardenStatus;
import io.naftiko.skipper.audit.Decision;
import io.naftiko.skipper.audit.DecisionResult;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.EmbeddedAuditStore;
import io.naftiko.skipper.webhook.server.RecentAdmissions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.ServerConnector;

/**
 * What the dashboard's tests look at: the demo's kind of fleet on the in-memory API (a Running premium capability in
 * two Fleet environments, a Degraded one missing its bind Secret, a Pending one), a Warden, decisions in an embedded
 * audit store, admission answers, and a stub of the Prometheus HTTP API answering the engine's RED series.
 */
final class DashboardFixture {

    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    static final String DOCUMENT = """
            ikanos: 1.0.0-beta5
            info:
              display: Harbour
            capability:
              exposes:
              - type: mcp
                address: 0.0.0.0
                port: 3001
                namespace: harbour-tools
                tools:
                  get-ship:
                    description: Retrieve a ship by IMO number
                  list-berths:
                    description: The berths free today
              - type: control
                port: 9619
            """;

    private DashboardFixture() {
    }

    static void seed(KubernetesClient client) {
        capability(client, "shipyard", "harbour", "premium", Phase.Running, "prod", "7", List.of(),
                new RolloutSummary("canary", "Paused", 2, 4, "paused at step 2 of 4"));
        capability(client, "shipyard-staging", "harbour", "premium", Phase.Running, "staging", "8", List.of(), null);
        capability(client, "shipyard", "ledger", "standard", Phase.Degraded, "prod", "7",
                List.of(condition("SecretsSynced", "MissingInputs", "missing: Secret ledger-bind-shared")), null);
        capability(client, "dev", "mock", "dev", Phase.Pending, null, null, List.of(), null);
        client.configMaps().inNamespace("shipyard").resource(new ConfigMapBuilder().withMetadata(child("shipyard", "harbour"))
                .withData(Map.of("capability.yaml", DOCUMENT)).build()).create();
        client.apps().deployments().inNamespace("shipyard").resource(new DeploymentBuilder().withMetadata(child("shipyard", "harbour"))
                .withNewSpec().withNewSelector().withMatchLabels(Map.of(NaftikoLabels.CAPABILITY, "harbour")).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of(NaftikoLabels.CAPABILITY, "harbour")).endMetadata()
                .withNewSpec().addNewContainer().withName("ikanos").withImage("ghcr.io/naftiko/ikanos:latest").endContainer().endSpec()
                .endTemplate().endSpec().withNewStatus().withAvailableReplicas(2).withReplicas(2).endStatus().build()).create();
        Warden warden = new Warden();
        warden.setMetadata(new ObjectMetaBuilder().withName("fleet-warden").withNamespace("shipyard").build());
        warden.setSpec(new WardenSpec(List.of("fleet-policy"), null));
        warden.setStatus(new WardenStatus("2027-02-01T00:00:00Z", List.of(new WardenStatus.Instance("opa-0",
                Map.of("fleet-policy", "sha256:4be1"), NOW.toString(), List.of())), 1L, List.of()));
        client.resource(warden).create();
        client.resource(warden).updateStatus();
    }

    private static void capability(KubernetesClient client, String namespace, String name, String tier, Phase phase, String environment,
                                   String revision, List<io.fabric8.kubernetes.api.model.Condition> failing, RolloutSummary rollout) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NaftikoLabels.TIER, tier);
        Map<String, String> annotations = new LinkedHashMap<>();
        if (environment != null) {
            labels.put(NaftikoLabels.FLEET, "shipyard");
            labels.put(NaftikoLabels.ENVIRONMENT, environment);
            annotations.put(NaftikoLabels.FLEET_REVISION, revision);
        }
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).withAnnotations(annotations)
                .withGeneration(1L).build());
        CapabilitySpec spec = new CapabilitySpec();
        spec.setSpecRef(new SpecRef(name + "-spec", null));
        spec.setRuntime(new CapabilityRuntime(tier, null, null, null, null, null, null, null, null));
        capability.setSpec(spec);
        List<io.fabric8.kubernetes.api.model.Condition> conditions = new ArrayList<>();
        conditions.add(phase == Phase.Running ? condition("Ready", "Running", "every child exists") : new ConditionBuilder().withType("Ready")
                .withStatus("False").withReason(phase == Phase.Degraded ? "MissingInputs" : "DeploymentNotAvailable")
                .withMessage(phase == Phase.Degraded ? "waiting for Secret ledger-bind-shared" : "the Deployment has no available replica yet")
                .build());
        conditions.addAll(failing);
        capability.setStatus(new CapabilityStatus(phase, "http://" + name + "." + namespace + ".svc.cluster.local:3001", name, tier, 1L,
                conditions, rollout));
        client.resource(capability).create();
        client.resource(capability).updateStatus();
    }

    private static io.fabric8.kubernetes.api.model.Condition condition(String type, String reason, String message) {
        return new ConditionBuilder().withType(type).withStatus(type.equals("Ready") ? "True" : "False").withReason(reason)
                .withMessage(message).build();
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta child(String namespace, String name) {
        return new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(Map.of(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER, NaftikoLabels.CAPABILITY, name))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(Capability.API_VERSION).withKind("Capability").withName(name)
                        .withUid("00000000-0000-0000-0000-00000000000a").build()).build();
    }

    /** An embedded audit store with two allows and two denies. */
    static AuditStore audit(Path directory) throws Exception {
        AuditStore store = EmbeddedAuditStore.open(directory.resolve("decisions"));
        store.migrate();
        store.store(List.of(
                decision("d-1", NOW.minusSeconds(600), "naftiko/fleet/allow", DecisionResult.ALLOW, "harbour"),
                decision("d-2", NOW.minusSeconds(500), "naftiko/fleet/allow", DecisionResult.DENY, "ledger"),
                decision("d-3", NOW.minusSeconds(400), "naftiko/fleet/tools", DecisionResult.ALLOW, "harbour"),
                decision("d-4", NOW.minusSeconds(300), "naftiko/fleet/tools", DecisionResult.DENY, "harbour")));
        return store;
    }

    private static Decision decision(String id, Instant at, String path, DecisionResult result, String capability) {
        return new Decision("shipyard/fleet-warden", id, at, at.plusMillis(200), path, result, Optional.of("shipyard"), Optional.of(capability),
                Optional.of("system:serviceaccount:ops:agent"), Map.of("fleet-policy", "sha256:4be1"), false, "{}");
    }

    static List<RecentAdmissions.Entry> admissions() {
        return List.of(
                new RecentAdmissions.Entry(NOW.minusSeconds(30), "validate", "Capability", "shipyard/oversized", "denied",
                        "Capability shipyard/oversized is invalid: 1 violation\n- spec.runtime.autoscaling.maxReplicas: 5 exceeds the maximum in dev of 2"),
                new RecentAdmissions.Entry(NOW.minusSeconds(60), "mutate", "Capability", "shipyard/harbour", "allowed", ""));
    }

    /** A stub of the Prometheus HTTP API: the same figures for any capability, told apart by what the query asks. */
    static Javalin prometheus() {
        Javalin stub = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/api/v1/query", ctx -> {
                String query = ctx.queryParam("query");
                String value = query.startsWith("histogram_quantile(0.99") ? "0.18" : query.startsWith("histogram_quantile(0.5")
                        ? "0.045" : query.contains("ikanos_request_errors") ? "0.25" : "12.5";
                ctx.contentType("application/json").result("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + series("get-ship", "mcp") + ",\"value\":[1765015200,\"" + value + "\"]}]}}");
            });
            config.routes.get("/api/v1/query_range", ctx -> {
                StringBuilder values = new StringBuilder();
                for (int i = 0; i < 60; i++) {
                    values.append(i == 0 ? "" : ",").append("[").append(1765011600 + i * 60).append(",\"").append(10 + (i % 7)).append("\"]");
                }
                ctx.contentType("application/json").result("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                        + series("get-ship", "mcp") + ",\"values\":[" + values + "]}]}}");
            });
        });
        return stub.start("127.0.0.1", 0);
    }

    static int port(Javalin server) {
        return ((ServerConnector) server.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    private static String series(String operation, String adapter) {
        return "{\"metric\":{\"ikanos_operation_id\":\"" + operation + "\",\"ikanos_adapter_type\":\"" + adapter + "\"}";
    }
}
