package io.naftiko.skipper.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/manifests/} is the chart rendered for namespace {@code skipper} as a kustomize base, with Argo CD
 * sync waves: namespace, then CRDs, then classes, then the operator. The files must be exactly what the chart
 * renders; {@code -Dskipper.golden.update=true} rewrites them after a chart change.
 */
class PlainManifestsTest {

    static final Path MANIFESTS = Fixtures.repoRoot().resolve("deploy/manifests");
    static final String WAVE = "argocd.argoproj.io/sync-wave";

    @Test
    void theManifestsAreTheChartRenderedWithSyncWaves() throws Exception {
        Map<String, String> expected = generate();
        if (Boolean.getBoolean("skipper.golden.update")) {
            Files.createDirectories(MANIFESTS);
            for (Map.Entry<String, String> file : expected.entrySet()) {
                Files.writeString(MANIFESTS.resolve(file.getKey()), file.getValue());
            }
        }
        for (Map.Entry<String, String> file : expected.entrySet()) {
            assertThat(MANIFESTS.resolve(file.getKey())).as("deploy/manifests/%s (regenerate with -Dskipper.golden.update=true)",
                    file.getKey()).hasContent(file.getValue());
        }
        assertThat(HelmChartTest.objects(expected.get("crds.yaml"))).allSatisfy(crd -> assertThat(wave(crd)).isEqualTo("-2"));
        assertThat(HelmChartTest.objects(expected.get("classes.yaml"))).hasSize(3).allSatisfy(cls -> assertThat(wave(cls)).isEqualTo("-1"));
        assertThat(HelmChartTest.objects(expected.get("operator.yaml"))).allSatisfy(object -> assertThat(wave(object)).isEqualTo("0"));
    }

    static Map<String, String> generate() throws Exception {
        // The CRDs get their own file and wave; the chart's helm-test pod is not part of an installation.
        String chart = new Helm(HelmChartTest.CHART).template().withName("skipper").withNamespace("skipper").withKubeVersion("1.32.0")
                .set("crds.install", "false").call();
        List<JsonNode> crds = new ArrayList<>();
        try (Stream<Path> files = Files.list(Fixtures.repoRoot().resolve("deploy/crds"))) {
            for (Path file : files.sorted().toList()) {
                crds.addAll(HelmChartTest.objects(Files.readString(file)));
            }
        }
        List<JsonNode> classes = new ArrayList<>();
        List<JsonNode> operator = new ArrayList<>();
        for (JsonNode object : HelmChartTest.objects(chart)) {
            if (object.at("/metadata/annotations").has("helm.sh/hook")) {
                continue;
            }
            (object.path("kind").asText().equals("CapabilityClass") ? classes : operator).add(object);
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("namespace.yaml", stream(HelmChartTest.objects("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: skipper\n"), "-3"));
        files.put("crds.yaml", stream(crds, "-2"));
        files.put("classes.yaml", stream(classes, "-1"));
        files.put("operator.yaml", stream(operator, "0"));
        files.put("kustomization.yaml", """
                # Skipper as plain manifests (generated from deploy/helm/skipper for namespace skipper; do not edit by hand).
                # Argo CD applies them in sync waves: the namespace, the CRDs, the default classes, then the operator.
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                - namespace.yaml
                - crds.yaml
                - classes.yaml
                - operator.yaml
                """);
        return files;
    }

    static String stream(List<JsonNode> objects, String wave) throws Exception {
        StringBuilder yaml = new StringBuilder("# Generated from deploy/helm/skipper by PlainManifestsTest; do not edit by hand.\n");
        for (JsonNode object : objects) {
            ((ObjectNode) object.path("metadata")).withObject("annotations").put(WAVE, wave);
            yaml.append("---\n").append(Mappers.yaml().writeValueAsString(object).replaceFirst("^---\\n", ""));
        }
        return yaml.toString();
    }

    static String wave(JsonNode object) {
        return object.path("metadata").path("annotations").path(WAVE).asText();
    }
}
