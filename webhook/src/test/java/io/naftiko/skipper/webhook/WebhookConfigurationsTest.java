package io.naftiko.skipper.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped webhook configurations say what the server and DESIGN.md §3 need. */
class WebhookConfigurationsTest {

    static List<HasMetadata> configurations() throws Exception {
        List<HasMetadata> objects = new ArrayList<>();
        String yaml = Fixtures.read(Fixtures.repoRoot().resolve("deploy/webhook/webhook-configurations.yaml"));
        try (JsonParser parser = Mappers.yaml().createParser(yaml)) {
            for (JsonNode node = Mappers.yaml().readTree(parser); node != null; node = Mappers.yaml().readTree(parser)) {
                Class<? extends HasMetadata> type = node.path("kind").asText().startsWith("Mutating")
                        ? MutatingWebhookConfiguration.class : ValidatingWebhookConfiguration.class;
                objects.add(Mappers.json().treeToValue(node, type));
            }
        }
        return objects;
    }

    @Test
    void mutatingWebhook() throws Exception {
        MutatingWebhookConfiguration mutating = configurations().stream().filter(MutatingWebhookConfiguration.class::isInstance)
                .map(MutatingWebhookConfiguration.class::cast).findFirst().orElseThrow();
        assertThat(mutating.getWebhooks()).singleElement().satisfies(webhook -> {
            assertThat(webhook.getSideEffects()).isEqualTo("None");
            assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
            assertThat(webhook.getTimeoutSeconds()).isBetween(1, 10);
            assertThat(webhook.getReinvocationPolicy()).isEqualTo("IfNeeded");
            assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
            assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/mutate");
            assertThat(webhook.getRules()).flatExtracting(r -> r.getResources()).containsExactly("capabilities");
            assertThat(excluded(webhook.getNamespaceSelector().getMatchExpressions())).contains("kube-system", "skipper");
        });
    }

    @Test
    void validatingWebhooks() throws Exception {
        ValidatingWebhookConfiguration validating = configurations().stream().filter(ValidatingWebhookConfiguration.class::isInstance)
                .map(ValidatingWebhookConfiguration.class::cast).findFirst().orElseThrow();
        assertThat(validating.getWebhooks()).hasSize(3).allSatisfy(webhook -> {
            assertThat(webhook.getSideEffects()).isEqualTo("None");
            assertThat(webhook.getAdmissionReviewVersions()).containsExactly("v1");
            assertThat(webhook.getTimeoutSeconds()).isBetween(1, 10);
            assertThat(webhook.getClientConfig().getService().getPath()).isEqualTo("/validate");
        });
        assertThat(validating.getWebhooks()).flatExtracting(w -> w.getRules()).flatExtracting(r -> r.getResources())
                .containsExactlyInAnyOrder("capabilities", "capabilityclasses", "fleets");
        assertThat(excluded(validating.getWebhooks().get(0).getNamespaceSelector().getMatchExpressions()))
                .contains("kube-system", "skipper");
    }

    private static List<String> excluded(List<LabelSelectorRequirement> expressions) {
        return expressions.stream().filter(e -> e.getKey().equals("kubernetes.io/metadata.name") && e.getOperator().equals("NotIn"))
                .flatMap(e -> e.getValues().stream()).toList();
    }
}
