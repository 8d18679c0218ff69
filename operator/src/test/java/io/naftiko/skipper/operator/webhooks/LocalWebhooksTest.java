package io.naftiko.skipper.operator.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --webhook-url: the shipped configurations pointed at a URL, their caBundle kept, bad URLs refused by what is wrong. */
class LocalWebhooksTest {

    static final URI URL = URI.create("https://host.docker.internal:8443");

    @Test
    void everyWebhookCallsTheUrlWithItsPathAndSkippersNamespaceIsNotIntercepted() {
        List<HasMetadata> configurations = LocalWebhooks.configurations(URL, "skipper-dev", Optional.empty(), Optional.empty());

        MutatingWebhookConfiguration mutating = (MutatingWebhookConfiguration) configurations.get(0);
        ValidatingWebhookConfiguration validating = (ValidatingWebhookConfiguration) configurations.get(1);
        assertThat(mutating.getWebhooks()).singleElement().satisfies(webhook -> {
            assertThat(webhook.getClientConfig().getUrl()).isEqualTo("https://host.docker.internal:8443/mutate");
            assertThat(webhook.getClientConfig().getService()).isNull();
            assertThat(webhook.getFailurePolicy()).isEqualTo("Fail");
            assertThat(webhook.getNamespaceSelector().getMatchExpressions().get(0).getValues()).containsExactly("kube-system", "skipper-dev");
        });
        assertThat(validating.getWebhooks()).extracting(w -> w.getClientConfig().getUrl())
                .containsOnly("https://host.docker.internal:8443/validate");
        assertThat(validating.getWebhooks()).extracting(ValidatingWebhook::getName)
                .contains("validate.capabilities.naftiko.io", "validate.capabilityclasses.naftiko.io");
    }

    @Test
    void writingThemAgainKeepsTheCaBundleTheCertificateManagerFilledIn() {
        try (InMemoryApiServer api = InMemoryApiServer.start(SystemClock.utc()); KubernetesClient client = api.client()) {
            LocalWebhooks.write(client, URL, "skipper");
            client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("skipper").edit(c -> {
                c.getWebhooks().get(0).getClientConfig().setCaBundle("Q0EgYnVuZGxl");
                return c;
            });

            LocalWebhooks.write(client, URI.create("https://172.17.0.1:9443"), "skipper");

            MutatingWebhookConfiguration live = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("skipper").get();
            assertThat(live.getWebhooks().get(0).getClientConfig().getUrl()).isEqualTo("https://172.17.0.1:9443/mutate");
            assertThat(live.getWebhooks().get(0).getClientConfig().getCaBundle()).isEqualTo("Q0EgYnVuZGxl");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "http://localhost:8443|over HTTPS only",
        "https://localhost:8443/hooks|give https://HOST:PORT only",
        "https://user:pw@localhost:8443|give https://HOST:PORT only",
        "https://[::1]:8443|not an IPv6 literal",
        "https://Bad_Host:8443|no valid host"})
    void aUrlTheApiServerCouldNotCallIsRefusedSayingWhy(String url, String message) {
        assertThatThrownBy(() -> LocalWebhooks.validate(URI.create(url))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void theHostIsWhatTheServingCertificateNames() {
        assertThat(LocalWebhooks.validate(URL)).isEqualTo("host.docker.internal");
        assertThat(LocalWebhooks.validate(URI.create("https://172.17.0.1:8443/"))).isEqualTo("172.17.0.1");
    }
}
