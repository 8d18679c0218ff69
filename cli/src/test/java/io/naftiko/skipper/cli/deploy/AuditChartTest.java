package io.naftiko.skipper.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Promtool;
import io.naftiko.skipper.api.testing.StructuralSchema;
import io.naftiko.skipper.api.testing.UpstreamCrds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart's audit settings and its PrometheusRule, rendered by real Helm. */
class AuditChartTest {

    static final JsonNode PROMETHEUS_RULE = UpstreamCrds.schema("prometheus-operator/monitoring.coreos.com_prometheusrules.yaml", "v1");


    static TemplateCommand template() {
        return new Helm(HelmChartTest.CHART).template().withName("skipper").withNamespace("naftiko-system").withKubeVersion("1.32.0");
    }

    static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<String> args(List<JsonNode> objects) {
        List<String> args = new ArrayList<>();
        find(objects, "Deployment", "skipper").at("/spec/template/spec/containers/0/args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    @Test
    void byDefaultTheAuditIsOffAndWardensKeepTheirDecisions() throws Exception {
        List<JsonNode> objects = HelmChartTest.objects(template().call());

        assertThat(args(objects)).contains("--disable=audit").noneMatch(arg -> arg.startsWith("--audit-"));
        assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("PersistentVolumeClaim"));
    }

    @Test
    void theEmbeddedStoreIsOneReplicaWithItsOwnVolumeAndARecreateStrategy() throws Exception {
        List<JsonNode> objects = HelmChartTest.objects(template().set("audit.store", "embedded").set("replicas", "1")
                .set("audit.dropFields[0]", "/input/headers/authorization").call());
        JsonNode deployment = find(objects, "Deployment", "skipper");

        assertThat(args(objects)).contains("--audit-file=/var/lib/skipper/audit/decisions", "--audit-port=8445", "--audit-max-age=30d",
                "--audit-max-decisions=10000000", "--audit-drop-fields=/input/headers/authorization").noneMatch(a -> a.contains("disable"));
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(deployment.at("/spec/template/spec/securityContext/fsGroup").asInt()).isEqualTo(65532);
        assertThat(deployment.at("/spec/template/spec/volumes").findValuesAsText("claimName")).containsExactly("skipper-audit");
        JsonNode claim = find(objects, "PersistentVolumeClaim", "skipper-audit");
        assertThat(claim.at("/spec/resources/requests/storage").asText()).isEqualTo("2Gi");
        assertThat(claim.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
        JsonNode reader = find(objects, "Role", "skipper-audit-reader");
        assertThat(reader.at("/rules/1/resources/0").asText()).isEqualTo("pods/portforward");
    }

    @Test
    void postgresqlTakesItsCredentialsFromTheSecretNeverAsValues() throws Exception {
        List<JsonNode> objects = HelmChartTest.objects(template().set("audit.store", "postgresql")
                .set("audit.postgresql.url", "jdbc:postgresql://audit-db:5432/audit?sslmode=verify-full")
                .set("audit.postgresql.existingSecret", "audit-db").call());
        Map<String, JsonNode> env = new TreeMap<>();
        find(objects, "Deployment", "skipper").at("/spec/template/spec/containers/0/env")
                .forEach(variable -> env.put(variable.path("name").asText(), variable));

        assertThat(args(objects)).contains("--audit-database-url=jdbc:postgresql://audit-db:5432/audit?sslmode=verify-full");
        assertThat(env.get("SKIPPER_AUDIT_DATABASE_PASSWORD").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("audit-db");
        assertThat(env.get("SKIPPER_AUDIT_DATABASE_PASSWORD").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("password");
        assertThat(env.get("SKIPPER_AUDIT_DATABASE_PASSWORD").has("value")).isFalse();
        assertThat(env.get("SKIPPER_AUDIT_DATABASE_USER").at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("username");
        assertThat(find(objects, "Deployment", "skipper").at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
    }

    @Test
    void settingsThatCannotWorkAreRefusedAtRender() {
        assertThatThrownBy(() -> template().set("audit.store", "embedded").call())
                .hasMessageContaining("audit.store=embedded keeps decisions in one pod's file: set replicas=1");
        assertThatThrownBy(() -> template().set("audit.store", "postgresql").set("audit.postgresql.url", "jdbc:postgresql://db/a").call())
                .hasMessageContaining("audit.store=postgresql needs audit.postgresql.url and audit.postgresql.existingSecret");
        assertThatThrownBy(() -> template().set("audit.store", "mysql").call())
                .hasMessageContaining("values don't meet the specifications of the schema");
        assertThatThrownBy(() -> template().set("audit.dropFields[0]", "/decision_id").call())
                .hasMessageContaining("values don't meet the specifications of the schema");
    }

    @Test
    void thePrometheusRuleIsValidForTheRealPrometheusOperatorCrd() throws Exception {
        List<JsonNode> objects = HelmChartTest.objects(template().set("prometheusRule.enabled", "true").set("prometheusRule.labels.release",
                "kube-prometheus").call());
        JsonNode rule = find(objects, "PrometheusRule", "skipper");

        assertThat(StructuralSchema.validate(PROMETHEUS_RULE, rule)).isEmpty();
        assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus");
        assertThat(rule.at("/spec/groups").findValuesAsText("alert")).contains("SkipperAuditDenySpike", "SkipperAuditIntakeFailing",
                "NaftikoCapabilityLatencyHigh", "NaftikoCapabilityErrorBudgetBurn", "NaftikoCapabilityDown", "SkipperWebhookDown",
                "SkipperPassFailing");
    }

    @Test
    void promtoolAcceptsEveryRuleExpressionAndTemplate(@TempDir Path directory) throws Exception {
        JsonNode rule = find(HelmChartTest.objects(template().set("prometheusRule.enabled", "true").call()), "PrometheusRule", "skipper");
        Path rules = directory.resolve("rules.yaml");
        Files.writeString(rules, Mappers.yaml().writeValueAsString(rule.path("spec")));

        Optional<Promtool.Result> checked = Promtool.run("check", "rules", rules.toString());

        Assumptions.assumeTrue(checked.isPresent(), "promtool is not installed (apt-get install prometheus); the rules were not checked by it");
        assertThat(checked.get().exitCode()).as(checked.get().output()).isZero();
        assertThat(checked.get().output()).contains("SUCCESS: 12 rules found");
    }
}
