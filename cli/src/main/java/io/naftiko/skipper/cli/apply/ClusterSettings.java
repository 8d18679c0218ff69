package io.naftiko.skipper.cli.apply;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.tier.ShippedClasses;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.cli.OperatorLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the cluster's operator renders with, read from the cluster so that {@code diff} shows no false changes: its
 * CapabilityClasses, and the {@code NAFTIKO_*} settings of its Deployment. A setting taken from a Secret (the OTLP
 * headers) is known to be set, never read: the CLI does not need, and must not print, its value.
 */
public final class ClusterSettings {

    /** Stands for a setting the operator takes from a Secret; it shapes what is rendered, never a value shown. */
    static final String FROM_SECRET = "(from a Secret)";

    private ClusterSettings() {
    }

    /** The cluster's CapabilityClasses; the shipped ones, with a warning, when the cluster has none. */
    public static List<CapabilityClass> classes(KubernetesClient client, Consumer<String> warn) {
        List<CapabilityClass> classes;
        try {
            classes = client.resources(CapabilityClass.class).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            classes = List.of();
        }
        if (classes.isEmpty()) {
            warn.accept("the cluster has no CapabilityClass; comparing with the shipped dev, standard and premium");
            return List.copyOf(ShippedClasses.all().values());
        }
        return classes;
    }

    /** The operator's settings, from its Deployment's container environment; the defaults, with a warning, without one. */
    public static OperatorSettings operator(KubernetesClient client, OperatorLocation operator, Consumer<String> warn) {
        boolean[] forbidden = {false};
        Optional<Deployment> deployment = operator.deployment(client, () -> forbidden[0] = true);
        if (deployment.isEmpty()) {
            warn.accept((forbidden[0] ? "may not read the operator's Deployment " + operator.describe()
                    : "no operator Deployment " + operator.describe() + " (see --operator-namespace)")
                    + "; comparing with the default operator settings");
            return OperatorSettings.defaults();
        }
        return OperatorSettings.fromEnvironment(environment(deployment.get()));
    }

    /** The {@code NAFTIKO_*} variables of the operator's container: literal values, and a marker for those from a Secret. */
    static Map<String, String> environment(Deployment deployment) {
        Map<String, String> env = new LinkedHashMap<>();
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        containers.stream().filter(c -> OperatorLocation.DEPLOYMENT.equals(c.getName())).findFirst().or(() -> containers.stream().findFirst())
                .ifPresent(container -> {
                    for (EnvVar variable : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
                        if (variable.getName().startsWith("NAFTIKO_")) {
                            env.put(variable.getName(), variable.getValueFrom() != null ? FROM_SECRET : variable.getValue());
                        }
                    }
                });
        return env;
    }
}
