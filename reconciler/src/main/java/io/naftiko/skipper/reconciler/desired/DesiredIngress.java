package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder;
import java.util.List;
import java.util.Optional;

/**
 * The Ingress {@code {name}}, only when an expose is tagged {@code public}. With an ingress domain
 * each public expose gets its own host, {@code {name}-{port}-{ns}.{domain}}; without one, the first
 * public expose is served at {@code /} of any host.
 */
public final class DesiredIngress {

    private DesiredIngress() {
    }

    /** The Ingress; none without a public expose. */
    public static Optional<Ingress> of(CapabilityInputs inputs) {
        List<NamedPort> published = inputs.ports().stream().filter(p -> p.expose().isPublic()).toList();
        if (published.isEmpty()) {
            return Optional.empty();
        }
        List<IngressRule> rules = inputs.settings().ingressDomain()
                .map(domain -> published.stream().map(p -> rule(inputs, p,
                        inputs.name() + "-" + p.name() + "-" + inputs.namespace() + "." + domain)).toList())
                .orElseGet(() -> List.of(rule(inputs, published.get(0), null)));
        return Optional.of(new IngressBuilder()
                .withMetadata(inputs.childMetadata())
                .withNewSpec()
                .withIngressClassName(inputs.settings().ingressClassName().orElse(null))
                .withRules(rules)
                .endSpec()
                .build());
    }

    private static IngressRule rule(CapabilityInputs inputs, NamedPort port, String host) {
        HTTPIngressPath path = new HTTPIngressPathBuilder()
                .withPath("/")
                .withPathType("Prefix")
                .withNewBackend().withNewService().withName(inputs.name())
                .withNewPort().withName(port.name()).endPort().endService().endBackend()
                .build();
        return new IngressRuleBuilder().withHost(host).withNewHttp().withPaths(path).endHttp().build();
    }
}
