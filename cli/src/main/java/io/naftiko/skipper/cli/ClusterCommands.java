package io.naftiko.skipper.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.ToIntFunction;

/** How the commands that talk to a cluster ({@code apply}, {@code diff}, {@code status}) get a client and report its errors. */
public final class ClusterCommands {

    private ClusterCommands() {
    }

    /**
     * Runs {@code work} with a client for the cluster the options choose; an API error becomes one line,
     * {@code {doing}: {the API server's message}}, and a cluster that cannot be reached says so, naming it.
     */
    public static int withClient(ClusterOptions cluster, String doing, ToIntFunction<KubernetesClient> work) {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(cluster.config()).build()) {
            try {
                return work.applyAsInt(client);
            } catch (KubernetesClientException e) {
                if (e.getStatus() == null || e.getCode() <= 0) {
                    throw new UserError("cannot reach the Kubernetes API at " + client.getMasterUrl() + ": " + rootCause(e), e);
                }
                throw new UserError(doing + ": " + message(e), e);
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    /** The API server's own message when it gave one, else the client's. */
    public static String message(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(status -> status.getMessage()).orElse(e.getMessage());
    }
}
