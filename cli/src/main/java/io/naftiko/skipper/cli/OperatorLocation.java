package io.naftiko.skipper.cli;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the cluster's operator runs ({@code --operator-namespace}), for the commands that read its Deployment. */
public final class OperatorLocation {

    /** The Deployment the chart installs the operator as. */
    public static final String DEPLOYMENT = "skipper";

    @Option(names = "--operator-namespace", paramLabel = "NS", defaultValue = "skipper",
            description = "Namespace of the operator (default: ${DEFAULT-VALUE}).")
    String namespace;

    /** {@code namespace/skipper}, for messages. */
    public String describe() {
        return namespace + "/" + DEPLOYMENT;
    }

    /**
     * The operator's Deployment; empty when there is none, or when the user may not read it ({@code forbidden} is
     * then told why).
     */
    public Optional<Deployment> deployment(KubernetesClient client, Runnable forbidden) {
        try {
            return Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(DEPLOYMENT).get());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
            forbidden.run();
            return Optional.empty();
        }
    }
}
