package io.naftiko.skipper.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.demo.Demo;
import io.naftiko.skipper.operator.Operator;
import io.naftiko.skipper.operator.certificates.CertificateSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Helm chart, linted and rendered by real Helm, checked against what the Java side needs. */
class HelmChartTest {

    static final Path CHART = Fixtures.repoRoot().resolve("deploy/helm/skipper");
    static List<JsonNode> rendered;

    @BeforeAll
    static void render() throws Exception {
        rendered = objects(new Helm(CHART).template().withName("skipper").withNamespace("naftiko-system").withKubeVersion("1.32.0")
                .set("serviceMonitor.enabled", "true").call());
    }

    static List<JsonNode> objects(String yaml) throws Exception {
        List<JsonNode> objects = new ArrayList<>();
        try (JsonParser parser = Mappers.yaml().createParser(yaml)) {
            for (JsonNode node = Mappers.yaml().readTree(parser); node != null; node = Mappers.yaml().readTree(parser)) {
                if (node.isObject()) {
                    objects.add(node);
                }
            }
        }
        return objects;
    }

    static JsonNode one(String kind, String name) {
        return rendered.stream().filter(o -> o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    @Test
    void theGatewayIsItsOwnDeploymentThatNoSelectorOfTheOperatorsMatches() throws Exception {
        assertThat(rendered).noneMatch(o -> o.path("metadata").path("name").asText().startsWith("skipper-gateway"));
        List<JsonNode> objects = objects(new Helm(CHART).template().withName("skipper").withNamespace("naftiko-system")
                .withKubeVersion("1.32.0").set("gateway.enabled", "true").set("gateway.clientTokensSecret", "mcp-clients")
                .set("gateway.tokenReview", "true").set("gateway.autoscaling.enabled", "true").set("watchNamespaces[0]", "shipyard")
                .call());
        JsonNode deployment = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")
                && o.path("metadata").path("name").asText().equals("skipper-gateway")).findFirst().orElseThrow();
        JsonNode operator = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")
                && o.path("metadata").path("name").asText().equals("skipper")).findFirst().orElseThrow();
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);

        assertThat(container.path("args").toString()).contains("\"gateway\"", "--tls-cert=/tls/tls.crt", "--client-tokens=/clients",
                "--token-review", "--namespace=shipyard", "--session-key-file=/tls/tls.key");
        assertThat(deployment.path("spec").has("replicas")).as("the HPA owns replicas").isFalse();
        List<Boolean> matched = new ArrayList<>();
        operator.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                matched.add(podLabels.path(label.getKey()).asText().equals(label.getValue().asText())));
        assertThat(matched).as("the operator's selector (its Deployment's and its Services') must not select gateway pods").contains(false);
        JsonNode role = objects.stream().filter(o -> o.path("kind").asText().equals("ClusterRole")
                && o.path("metadata").path("name").asText().equals("skipper-gateway")).findFirst().orElseThrow();
        assertThat(role.path("rules").toString()).doesNotContain("\"list\",\"watch\"]},{\"apiGroups\":[\"\"],\"resources\":[\"configmaps\",\"secrets\"],\"verbs\":[\"get\",\"list");
        assertThat(role.path("rules").findValues("verbs").get(1).toString()).isEqualTo("[\"get\"]");
        assertThat(objects).anyMatch(o -> o.path("kind").asText().equals("HorizontalPodAutoscaler"));
        assertThatThrownBy(() -> new Helm(CHART).template().withName("skipper").withNamespace("naftiko-system").withKubeVersion("1.32.0")
                .set("gateway.enabled", "true").call()).hasMessageContaining("gateway.enabled needs a way for clients to authenticate");
        assertThat(objects).anyMatch(o -> o.path("kind").asText().equals("Service") && o.path("metadata").path("name").asText()
                .equals(CertificateSettings.GATEWAY_SERVICE));
    }

    @Test
    void anOptionalNetworkPolicyAdmitsOnlyTheApiServerToTheWebhookPort() throws Exception {
        assertThat(rendered).noneMatch(o -> o.path("kind").asText().equals("NetworkPolicy"));
        List<JsonNode> withPolicy = objects(new Helm(CHART).template().withName("skipper").withNamespace("naftiko-system")
                .withKubeVersion("1.32.0").set("networkPolicy.enabled", "true").set("networkPolicy.apiServerCIDRs[0]", "10.0.0.1/32")
                .call());
        JsonNode policy = withPolicy.stream().filter(o -> o.path("kind").asText().equals("NetworkPolicy")).findFirst().orElseThrow();
        JsonNode webhook = policy.at("/spec/ingress/0");
        assertThat(webhook.at("/ports/0/port").asText()).isEqualTo("webhook");
        assertThat(webhook.at("/from/0/ipBlock/cidr").asText()).isEqualTo("10.0.0.1/32");
        assertThat(webhook.path("from")).hasSize(2);
        assertThat(webhook.at("/from/1/podSelector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("test");
        assertThat(policy.at("/spec/ingress/1/ports/0/port").asText()).isEqualTo("bundles");
        assertThat(policy.at("/spec/ingress/1").has("from")).as("any pod may reach the bundle port; mTLS decides").isFalse();
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    }

    @Test
    void theChartsCrdsAndClassesAreDeploysOwn() throws Exception {
        for (String folder : List.of("crds", "classes")) {
            Path chartCopy = folder.equals("crds") ? CHART.resolve("files/crds") : CHART.resolve("files/classes");
            try (Stream<Path> files = Files.list(Fixtures.repoRoot().resolve("deploy").resolve(folder))) {
                for (Path file : files.toList()) {
                    assertThat(chartCopy.resolve(file.getFileName())).as("chart copy of deploy/%s/%s", folder, file.getFileName())
                            .hasSameTextualContentAs(file);
                }
            }
        }
        assertThat(rendered).filteredOn(o -> o.path("kind").asText().equals("CapabilityClass"))
                .extracting(o -> o.path("metadata").path("name").asText()).containsExactlyInAnyOrder("dev", "standard", "premium");
    }

    @Test
    void namesAndPortsAreTheOnesTheOperatorUses() {
        CertificateSettings settings = CertificateSettings.defaults("naftiko-system");
        JsonNode webhookService = one("Service", settings.webhookService());
        JsonNode bundleService = one("Service", settings.bundleService());
        JsonNode deployment = one("Deployment", "skipper");
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);

        assertThat(webhookService.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(443);
        assertThat(bundleService.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(Operator.BUNDLE_SERVICE_PORT);
        assertThat(container.path("args").toString()).contains("--namespace=naftiko-system", "--port=8443", "--bundle-port=8444");
        assertThat(container.path("ports").findValuesAsText("containerPort")).containsExactly("8443", "8444");
        for (String kind : List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            one(kind, settings.webhookConfiguration()).path("webhooks").forEach(webhook -> {
                assertThat(webhook.path("clientConfig").path("service").path("name").asText()).isEqualTo(settings.webhookService());
                assertThat(webhook.path("clientConfig").path("service").path("namespace").asText()).isEqualTo("naftiko-system");
                assertThat(webhook.path("failurePolicy").asText()).isEqualTo("Fail");
            });
        }
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(one("PodDisruptionBudget", "skipper").path("spec").path("minAvailable").asInt()).isEqualTo(1);
        assertThat(one("ServiceMonitor", "skipper").path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
    }

    @Test
    void podsRunNonRootOnAReadOnlyFilesystemWithProbes() {
        JsonNode pod = one("Deployment", "skipper").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").get(0);

        assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.path("securityContext").path("capabilities").path("drop").toString()).contains("ALL");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
        assertThat(container.path("resources").path("requests").path("memory").asText()).isNotEmpty();
    }

    /** The demo's run, once for the RBAC checks. */
    private static Demo.Report demoRun;

    private static synchronized Demo.Report demo() throws Exception {
        if (demoRun == null) {
            demoRun = new Demo(new PrintWriter(new StringWriter()), SystemClock.utc()).run();
        }
        return demoRun;
    }

    /** Every API call the gateway made in the demo's run is allowed by its ClusterRole, and every rule but TokenReviews is used. */
    @Test
    void theGatewaysRbacAllowsEveryCallItMakesAndNothingUnused() throws Exception {
        Demo.Report report = demo();
        List<JsonNode> withGateway = objects(new Helm(CHART).template().withName("skipper").withNamespace("naftiko-system")
                .withKubeVersion("1.32.0").set("gateway.enabled", "true").set("gateway.tokenReview", "true").call());
        JsonNode role = withGateway.stream().filter(o -> o.path("kind").asText().equals("ClusterRole")
                && o.path("metadata").path("name").asText().equals("skipper-gateway")).findFirst().orElseThrow();
        RbacCheck check = RbacCheck.of(report.gatewayCalls(), rules(role, Optional.empty()));

        assertThat(report.gatewayCalls()).isNotEmpty();
        assertThat(check.denied()).as("calls the gateway's RBAC does not allow").isEmpty();
        assertThat(check.unused()).as("rules no call of the gateway used").allMatch(rule -> rule.contains("tokenreviews"));
    }

    /** Every API call the operator made in the demo's run is allowed by the chart's RBAC, and every rule is used. */
    @Test
    void rbacAllowsEveryCallTheOperatorMakesAndNothingUnused() throws Exception {
        Demo.Report report = demo();
        List<Rule> rules = new ArrayList<>();
        rules.addAll(rules(one("ClusterRole", "skipper"), Optional.empty()));
        rules.addAll(rules(one("Role", "skipper"), Optional.of("skipper")));
        // In the demo Skipper's namespace is "skipper"; the Role is bound in the release namespace, which plays it.

        RbacCheck check = RbacCheck.of(report.operatorCalls(), rules);

        assertThat(report.operatorCalls()).hasSizeGreaterThan(50);
        assertThat(check.denied()).as("calls the chart's RBAC does not allow").isEmpty();
        assertThat(check.unused())
                .as("rules no call in the demo used (each needs a reason in rbac.yaml)")
                .allMatch(rule -> rule.contains("events") || rule.contains("ingresses") || rule.contains("servicemonitors")
                        || rule.contains("httproutes") || rule.contains("rollouts")
                        || rule.contains("delete") || rule.contains("capabilities/status"));
    }

    /** Calls no rule allows, and rules no call used. */
    record RbacCheck(TreeSet<String> denied, List<String> unused) {

        static RbacCheck of(List<String> calls, List<Rule> rules) {
            TreeSet<String> denied = new TreeSet<>();
            TreeSet<String> used = new TreeSet<>();
            for (String call : calls) {
                ApiCall parsed = ApiCall.parse(call);
                rules.stream().filter(rule -> rule.allows(parsed)).findFirst()
                        .ifPresentOrElse(rule -> used.add(rule.toString()), () -> denied.add(parsed + "  <-  " + call));
            }
            return new RbacCheck(denied, rules.stream().map(Rule::toString).filter(rule -> !used.contains(rule)).toList());
        }
    }

    record Rule(List<String> groups, List<String> resources, List<String> verbs, List<String> names, Optional<String> namespace) {

        boolean allows(ApiCall call) {
            return groups.contains(call.group()) && resources.contains(call.resource()) && verbs.contains(call.verb())
                    && (names.isEmpty() || names.contains(call.name()))
                    && namespace.map(ns -> ns.equals(call.namespace())).orElse(true);
        }
    }

    static List<Rule> rules(JsonNode role, Optional<String> namespace) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            rules.add(new Rule(texts(rule.path("apiGroups")), texts(rule.path("resources")), texts(rule.path("verbs")),
                    texts(rule.path("resourceNames")), namespace));
        }
        return rules;
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    /** A request as RBAC sees it. */
    record ApiCall(String verb, String group, String resource, String namespace, String name) {

        static final Pattern PATH = Pattern.compile("^/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/([^/]+))?/([^/?]+)(?:/([^/?]+))?(?:/([^/?]+))?(?:\\?(.*))?$");

        static ApiCall parse(String call) {
            String method = call.substring(0, call.indexOf(' '));
            String path = call.substring(call.indexOf(' ') + 1);
            Matcher matcher = PATH.matcher(path);
            if (!matcher.matches()) {
                throw new AssertionError("not an API path: " + call);
            }
            String group = Optional.ofNullable(matcher.group(1)).orElse("");
            String namespace = matcher.group(2);
            String resource = matcher.group(3);
            String name = matcher.group(4);
            String subresource = matcher.group(5);
            // GET /api/v1/namespaces/{name} is a namespace itself, not a namespaced collection.
            if (namespace != null && resource == null) {
                resource = "namespaces";
            }
            String query = Optional.ofNullable(matcher.group(6)).orElse("");
            String verb = switch (method) {
                case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> method.toLowerCase(java.util.Locale.ROOT);
            };
            return new ApiCall(verb, group, subresource != null ? resource + "/" + subresource : resource, namespace, name);
        }
    }

    @Test
    void everyOperatorSettingIsAValueThatReachesTheDeployment() throws Exception {
        List<JsonNode> objects = objects(new Helm(CHART).template().withName("skipper").withNamespace("naftiko-system")
                .withKubeVersion("1.32.0")
                .set("engine.image", "registry.example.com/ikanos:1.4").set("otel.endpoint", "http://otel:4317")
                .set("otel.protocol", "grpc").set("otel.samplingRate", "0.25").set("otel.headersSecret.name", "otel-api-key")
                .set("ingress.domain", "apps.example.com").set("ingress.className", "nginx").set("autoscaling.requestsMetric", "rps")
                .set("prometheus.url", "http://prometheus-operated.monitoring:9090").set("logLevel", "INFO").set("extraEnv[0].name", "HTTPS_PROXY").set("extraEnv[0].value", "http://proxy:3128")
                .set("imagePullSecrets[0].name", "registry").set("podAnnotations.team", "platform").set("podLabels.tier", "ops")
                .set("serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn", "arn:aws:iam::1:role/skipper")
                .set("tolerations[0].key", "dedicated").set("tolerations[0].operator", "Exists")
                .set("topologySpreadConstraints[0].maxSkew", "1").set("topologySpreadConstraints[0].topologyKey", "topology.kubernetes.io/zone")
                .set("topologySpreadConstraints[0].whenUnsatisfiable", "ScheduleAnyway")
                .set("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key", "pool")
                .set("affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator", "Exists")
                .set("priorityClassName", "system-cluster-critical")
                .call());
        JsonNode pod = objects.stream().filter(o -> o.path("kind").asText().equals("Deployment")).findFirst().orElseThrow().at("/spec/template");
        JsonNode env = pod.at("/spec/containers/0/env");
        Map<String, JsonNode> byName = new TreeMap<>();
        env.forEach(variable -> byName.put(variable.path("name").asText(), variable));

        assertThat(byName).extractingByKeys("NAFTIKO_ENGINE_IMAGE", "NAFTIKO_OTEL_ENDPOINT", "NAFTIKO_OTEL_PROTOCOL",
                "NAFTIKO_OTEL_SAMPLING_RATE", "NAFTIKO_INGRESS_DOMAIN", "NAFTIKO_INGRESS_CLASS", "NAFTIKO_HPA_REQUESTS_METRIC",
                "NAFTIKO_PROMETHEUS_URL", "SKIPPER_LOG_LEVEL", "HTTPS_PROXY").extracting(v -> v.path("value").asText())
                .containsExactly("registry.example.com/ikanos:1.4", "http://otel:4317", "grpc", "0.25", "apps.example.com", "nginx",
                        "rps", "http://prometheus-operated.monitoring:9090", "INFO", "http://proxy:3128");
        assertThat(byName.get("NAFTIKO_OTEL_HEADERS").at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("otel-api-key");
        assertThat(byName.get("NAFTIKO_OTEL_HEADERS").has("value")).as("the headers are never a value").isFalse();
        assertThat(pod.at("/metadata/annotations/team").asText()).isEqualTo("platform");
        assertThat(pod.at("/metadata/labels/tier").asText()).isEqualTo("ops");
        assertThat(pod.at("/spec/imagePullSecrets/0/name").asText()).isEqualTo("registry");
        assertThat(pod.at("/spec/tolerations/0/key").asText()).isEqualTo("dedicated");
        assertThat(pod.at("/spec/topologySpreadConstraints/0/topologyKey").asText()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(pod.at("/spec/affinity").has("podAntiAffinity")).as("a given affinity replaces the default").isFalse();
        assertThat(pod.at("/spec/affinity/nodeAffinity").isMissingNode()).isFalse();
        assertThat(pod.at("/spec/priorityClassName").asText()).isEqualTo("system-cluster-critical");
        assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("ServiceAccount")).findFirst().orElseThrow()
                .at("/metadata/annotations/eks.amazonaws.com~1role-arn").asText()).isEqualTo("arn:aws:iam::1:role/skipper");
        assertThat(one("Deployment", "skipper").at("/spec/template/spec/containers/0/env").findValuesAsText("name"))
                .as("unset settings are not rendered").noneMatch(name -> name.startsWith("NAFTIKO_"));
    }

    @Test
    void theSchemaRefusesValuesThatCannotWork() {
        List<Map.Entry<String, String>> bad = List.of(
                Map.entry("logFormat", "xml"),
                Map.entry("replica", "3"),
                Map.entry("disable[0]", "scheduler"),
                Map.entry("otel.protocol", "udp"),
                Map.entry("otel.samplingRate", "2"),
                Map.entry("watchNamespaces[0]", "Not_A_Namespace"),
                Map.entry("prometheus.url", "https://admin:hunter2@prometheus:9090"),
                Map.entry("prometheus.url", "prometheus:9090"));
        bad.forEach(value -> assertThatThrownBy(() -> new Helm(CHART).template().withName("skipper").withNamespace("skipper")
                .withKubeVersion("1.32.0").set(value.getKey(), value.getValue()).call()).as("%s=%s", value.getKey(), value.getValue())
                .hasMessageContaining("values don't meet the specifications of the schema"));
    }

    @Test
    void crdsAreTemplatesSoUpgradesUpdateThemAndUninstallKeepsThem() throws Exception {
        List<JsonNode> crds = rendered.stream().filter(o -> o.path("kind").asText().equals("CustomResourceDefinition")).toList();
        List<JsonNode> none = objects(new Helm(CHART).template().withName("skipper").withNamespace("skipper").withKubeVersion("1.32.0")
                .set("crds.install", "false").call());

        assertThat(crds).extracting(crd -> crd.at("/metadata/name").asText())
                .containsExactlyInAnyOrder("capabilities.naftiko.io", "capabilityclasses.naftiko.io", "fleets.naftiko.io", "wardens.naftiko.io");
        assertThat(crds).allSatisfy(crd -> {
            assertThat(crd.at("/metadata/annotations/helm.sh~1resource-policy").asText()).isEqualTo("keep");
            assertThat(crd.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("Helm");
            assertThat(crd.at("/spec/versions/0/schema/openAPIV3Schema").isObject()).isTrue();
        });
        assertThat(none).noneMatch(o -> o.path("kind").asText().equals("CustomResourceDefinition"));
        assertThat(CHART.resolve("crds")).as("Helm never upgrades a chart's crds/ folder").doesNotExist();
    }

    @Test
    void helmTestCallsTheWebhooksReadyzTrustingOnlySkippersCa(@TempDir Path copy) throws Exception {
        // The embedded Helm's template prints the release manifest, which leaves hooks out; a copy of the chart whose
        // test pod is no hook renders it with the same values and helpers.
        try (Stream<Path> files = Files.walk(CHART)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(CHART.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.writeString(target, Files.readString(file).replace("helm.sh/hook: test", "rendered-hook: test"));
                }
            }
        }
        JsonNode test = objects(new Helm(copy).template().withName("skipper").withNamespace("naftiko-system").withKubeVersion("1.32.0")
                .call()).stream().filter(o -> o.at("/metadata/name").asText().equals("skipper-test-webhook-readyz")).findFirst().orElseThrow();

        assertThat(Files.readString(CHART.resolve("templates/tests/webhook-readyz.yaml"))).contains("helm.sh/hook: test");
        assertThat(test.at("/spec/containers/0/args").toString()).contains("https://skipper-webhook.naftiko-system.svc:443/readyz",
                "--cacert", "/trust/ca.crt").doesNotContain("--insecure", "\"-k\"");
        assertThat(test.at("/spec/volumes/0/secret/secretName").asText()).isEqualTo("skipper-webhook-tls");
        assertThat(test.at("/spec/volumes/0/secret/items")).singleElement().satisfies(item -> assertThat(item.path("key").asText()).isEqualTo("ca.crt"));
    }

    @Test
    void theChartReadmeListsEveryValue() throws Exception {
        String readme = Files.readString(CHART.resolve("README.md"));
        JsonNode values = Mappers.yaml().readTree(CHART.resolve("values.yaml").toFile());
        List<String> keys = new ArrayList<>();
        leafKeys("", values, keys);

        assertThat(keys).allSatisfy(key -> assertThat(readme).as("README lists %s", key).contains("`" + key + "`"));
    }

    static void leafKeys(String prefix, JsonNode node, List<String> keys) {
        if (node.isObject() && !node.isEmpty() && !prefix.equals("resources.") && !prefix.equals("podDisruptionBudget.")) {
            node.fields().forEachRemaining(field -> leafKeys(prefix + field.getKey() + ".", field.getValue(), keys));
        } else {
            keys.add(prefix.substring(0, prefix.length() - 1));
        }
    }
}
