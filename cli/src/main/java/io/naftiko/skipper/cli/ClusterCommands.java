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
     * Runs {@code work} with a client for {@code $KUBECONFIG}, {@code ~/.kube/config} or the in-cluster config; an API
     * error becomes one line, {@code {doing}: {the API server's message}}.
     */
    public static int withClient(String doing, ToIntFunction<KubernetesClient> work) {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            return work.applyAsInt(client);
        } catch (KubernetesClientException e) {
            throw new UserError(doing + ": " + message(e), e);
        }
    }

    /** The API server's own message when it gave one, else the client's. */
    public static String message(KubernetesClientException e) {
        return Optional.ofNullable(e.getStatus()).map(status -> status.getMessage()).orElse(e.getMessage());
    }
}
