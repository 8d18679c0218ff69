package io.naftiko.skipper.cli;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** kubectl's way to choose a cluster: {@code --kubeconfig}, {@code --context}; else $KUBECONFIG, ~/.kube/config or in-cluster. */
public final class ClusterOptions {

    /** How long connecting may take before the command says the cluster cannot be reached. */
    static final int CONNECT_TIMEOUT_MILLIS = 2000;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig to use (default: $KUBECONFIG, ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use (default: its current context).")
    String context;

    /**
     * The client configuration: the chosen kubeconfig and context (whose namespace commands use when {@code -n} is
     * absent), a 2 s connect timeout and no retries, so an unreachable cluster is one line at once, not a retry loop.
     */
    public Config config() {
        Config base;
        if (kubeconfig != null) {
            String contents;
            try {
                contents = Files.readString(kubeconfig);
            } catch (IOException e) {
                throw new UserError(kubeconfig + ": cannot read the kubeconfig: " + e.getMessage(), e);
            }
            try {
                base = Config.fromKubeconfig(context, contents, kubeconfig.toString());
            } catch (RuntimeException e) {
                String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                throw new UserError(kubeconfig + ": not a usable kubeconfig" + (context == null ? "" : " with context " + context)
                        + ": " + reason, e);
            }
        } else {
            base = Config.autoConfigure(context);
        }
        if (context != null && base.getCurrentContext() != null && !context.equals(base.getCurrentContext().getName())) {
            throw new UserError("--context " + context + ": no such context in the kubeconfig");
        }
        return new ConfigBuilder(base).withConnectionTimeout(CONNECT_TIMEOUT_MILLIS).withRequestRetryBackoffLimit(0).build();
    }
}
