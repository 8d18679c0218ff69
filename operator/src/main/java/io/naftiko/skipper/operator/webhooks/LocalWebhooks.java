package io.naftiko.skipper.operator.webhooks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.naftiko.skipper.certs.AlternativeNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local dev loop: the operator runs on a laptop and the cluster's API server (kind, minikube) calls its webhook at
 * a URL instead of through the in-cluster Service. The shipped webhook configurations are written with
 * {@code clientConfig.url} ({@code URL/mutate}, {@code URL/validate}); the certificate manager then fills in their
 * caBundle as it does for the Service-based ones, and the serving certificate names the URL's host.
 */
public final class LocalWebhooks {

    /** The shipped configurations, from {@code deploy/webhook} (copied into this module's jar). */
    static final String RESOURCE = "/io/naftiko/skipper/operator/webhooks/webhook-configurations.yaml";

    private LocalWebhooks() {
    }

    /**
     * Checks a {@code --webhook-url}: {@code https}, a host the serving certificate can name (a DNS name or an IPv4
     * address), no path, query or credentials.
     *
     * @return the host, for the serving certificate
     */
    public static String validate(URI url) {
        if (!"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--webhook-url " + url + ": the API server calls webhooks over HTTPS only: https://HOST:PORT");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("--webhook-url " + url + ": no valid host (a DNS name or an IPv4 address)");
        }
        if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null
                || !(url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("--webhook-url " + url + ": give https://HOST:PORT only; the paths /mutate and /validate are added");
        }
        String host = url.getHost();
        if (host.startsWith("[")) {
            throw new IllegalArgumentException("--webhook-url " + url + ": use a DNS name or an IPv4 address, not an IPv6 literal");
        }
        if (!AlternativeNames.isIpAddress(host) && !host.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw new IllegalArgumentException("--webhook-url " + url + ": " + host + " is neither a DNS name nor an IPv4 address");
        }
        return host;
    }

    /**
     * The shipped configurations pointed at {@code url}, with Skipper's own namespace ({@code namespace}) excluded
     * from interception as the chart does; every caBundle already in {@code live} is kept.
     */
    public static List<HasMetadata> configurations(URI url, String namespace, Optional<MutatingWebhookConfiguration> liveMutating,
                                                   Optional<ValidatingWebhookConfiguration> liveValidating) {
        String base = url.toString().replaceAll("/+$", "");
        List<HasMetadata> configurations = new ArrayList<>();
        for (HasMetadata shipped : shipped()) {
            if (shipped instanceof MutatingWebhookConfiguration mutating) {
                for (MutatingWebhook webhook : mutating.getWebhooks()) {
                    webhook.setClientConfig(pointed(webhook.getClientConfig(), base, liveMutating.map(MutatingWebhookConfiguration::getWebhooks)
                            .flatMap(l -> l.stream().filter(w -> w.getName().equals(webhook.getName())).findFirst())
                            .map(MutatingWebhook::getClientConfig)));
                    exclude(webhook.getNamespaceSelector() == null ? List.of() : webhook.getNamespaceSelector().getMatchExpressions(), namespace);
                }
            } else if (shipped instanceof ValidatingWebhookConfiguration validating) {
                for (ValidatingWebhook webhook : validating.getWebhooks()) {
                    webhook.setClientConfig(pointed(webhook.getClientConfig(), base, liveValidating.map(ValidatingWebhookConfiguration::getWebhooks)
                            .flatMap(l -> l.stream().filter(w -> w.getName().equals(webhook.getName())).findFirst())
                            .map(ValidatingWebhook::getClientConfig)));
                    exclude(webhook.getNamespaceSelector() == null ? List.of() : webhook.getNamespaceSelector().getMatchExpressions(), namespace);
                }
            }
            configurations.add(shipped);
        }
        return configurations;
    }

    /** Writes the configurations (create, or replace the live ones keeping their caBundle). */
    public static void write(KubernetesClient client, URI url, String namespace) {
        String name = shipped().get(0).getMetadata().getName();
        Optional<MutatingWebhookConfiguration> mutating = Optional.ofNullable(
                client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name).get());
        Optional<ValidatingWebhookConfiguration> validating = Optional.ofNullable(
                client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name).get());
        for (HasMetadata configuration : configurations(url, namespace, mutating, validating)) {
            Optional<? extends HasMetadata> live = configuration instanceof MutatingWebhookConfiguration ? mutating : validating;
            live.ifPresent(existing -> configuration.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion()));
            client.resource(configuration).createOr(NonDeletingOperation::update);
        }
    }

    private static WebhookClientConfig pointed(WebhookClientConfig shipped, String base, Optional<WebhookClientConfig> live) {
        WebhookClientConfig config = new WebhookClientConfig();
        config.setUrl(base + shipped.getService().getPath());
        live.map(WebhookClientConfig::getCaBundle).ifPresent(config::setCaBundle);
        return config;
    }

    /** The shipped selector excludes namespace {@code skipper}; an operator in another namespace excludes its own. */
    private static void exclude(List<LabelSelectorRequirement> requirements, String namespace) {
        for (LabelSelectorRequirement requirement : requirements) {
            if ("kubernetes.io/metadata.name".equals(requirement.getKey()) && "NotIn".equals(requirement.getOperator())) {
                List<String> values = new ArrayList<>(requirement.getValues());
                values.remove("skipper");
                if (!values.contains(namespace)) {
                    values.add(namespace);
                }
                requirement.setValues(values);
            }
        }
    }

    private static List<HasMetadata> shipped() {
        try (InputStream yaml = LocalWebhooks.class.getResourceAsStream(RESOURCE)) {
            if (yaml == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the operator's jar");
            }
            Object parsed = Serialization.unmarshal(new String(yaml.readAllBytes(), StandardCharsets.UTF_8));
            @SuppressWarnings("unchecked")
            List<HasMetadata> list = parsed instanceof List<?> many ? (List<HasMetadata>) many : List.of((HasMetadata) parsed);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
