package io.naftiko.skipper.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
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

    /** A Ready pod of the operator, for a port-forward to a server it keeps on its loopback address (audit, dashboard). */
    public Pod readyPod(KubernetesClient client) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/name", DEPLOYMENT).list().getItems();
        return pods.stream().filter(OperatorLocation::ready).findFirst().orElseThrow(() -> new UserError("no ready Skipper operator pod in "
                + "namespace " + namespace + " (label app.kubernetes.io/name=" + DEPLOYMENT + "); is it installed there? "
                + "(--operator-namespace)"));
    }

    /** The namespace the operator runs in. */
    public String namespace() {
        return namespace;
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }
}
