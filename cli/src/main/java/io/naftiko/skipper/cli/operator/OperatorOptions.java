package io.naftiko.skipper.cli.operator;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How {@code skipper operator} runs.
 *
 * @param namespace        Skipper's own namespace (Lease, CA and serving Secrets)
 * @param watchNamespaces  Capabilities reconciled only in these namespaces; empty means all
 * @param disabled         components switched off: webhook, reconciler, certs, bundler
 * @param webhookPort      HTTPS port of the webhook (0 picks a free one)
 * @param bundlePort       HTTPS (mTLS) port of the bundle server (0 picks a free one)
 * @param identity         this replica's name in the leader election (the pod name)
 * @param certificatePass  how often certificates are checked
 * @param extraServingNames more DNS names on the serving certificates (the demo adds {@code localhost})
 */
public record OperatorOptions(String namespace, Set<String> watchNamespaces, Set<String> disabled, int webhookPort,
                              int bundlePort, String identity, Duration certificatePass, List<String> extraServingNames) {

    /** Whether a component runs. */
    public boolean enabled(String component) {
        return !disabled.contains(component);
    }
}
