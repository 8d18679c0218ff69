package io.naftiko.skipper.operator;

import io.naftiko.skipper.operator.audit.AuditOptions;
import io.naftiko.skipper.operator.lifecycle.Leadership;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How {@code skipper operator} runs.
 *
 * @param namespace         Skipper's own namespace (Lease, CA and serving Secrets)
 * @param watchNamespaces   Capabilities reconciled only in these namespaces; empty means all
 * @param disabled          components switched off: webhook, reconciler, certs, bundler
 * @param webhookPort       HTTPS port of the webhook (0 picks a free one)
 * @param bundlePort        HTTPS (mTLS) port of the bundle server (0 picks a free one)
 * @param identity          this replica's name in the leader election (the pod name)
 * @param certificatePass   how often the leader checks certificates
 * @param extraServingNames more DNS names on the serving certificates (the demo adds {@code localhost})
 * @param lease             Lease timing
 * @param reloadPeriod      how often every replica reloads its serving certificates, trust bundle and signing keys,
 *                          and the leader runs its signing-key, Warden and fleet passes
 * @param cluster           this cluster's name ({@code --cluster}): the Fleet environments naming it apply here, as
 *                          do those naming none; empty: only those naming none
 * @param audit             where the audit keeps Wardens' decisions
 * @param dashboardPort     the dashboard's port on the pod's loopback address ({@code --dashboard-port}; 0: a free one)
 */
public record OperatorOptions(String namespace, Set<String> watchNamespaces, Set<String> disabled, int webhookPort,
                              int bundlePort, String identity, Duration certificatePass, List<String> extraServingNames,
                              Leadership.Timing lease, Duration reloadPeriod, Optional<String> cluster, AuditOptions audit,
                              int dashboardPort) {

    /** Options for an operator that names no cluster. */
    public OperatorOptions(String namespace, Set<String> watchNamespaces, Set<String> disabled, int webhookPort, int bundlePort,
                           String identity, Duration certificatePass, List<String> extraServingNames, Leadership.Timing lease,
                           Duration reloadPeriod) {
        this(namespace, watchNamespaces, disabled, webhookPort, bundlePort, identity, certificatePass, extraServingNames, lease,
                reloadPeriod, Optional.empty(), AuditOptions.embedded(Path.of(System.getProperty("java.io.tmpdir"),
                        "skipper-audit-" + identity + "-" + ProcessHandle.current().pid(), "decisions"), 0), 0);
    }

    /** The same options for the cluster named {@code name}. */
    public OperatorOptions withCluster(String name) {
        return new OperatorOptions(namespace, watchNamespaces, disabled, webhookPort, bundlePort, identity, certificatePass,
                extraServingNames, lease, reloadPeriod, Optional.ofNullable(name), audit, dashboardPort);
    }

    /** The same options with another audit store. */
    public OperatorOptions withAudit(AuditOptions options) {
        return new OperatorOptions(namespace, watchNamespaces, disabled, webhookPort, bundlePort, identity, certificatePass,
                extraServingNames, lease, reloadPeriod, cluster, options, dashboardPort);
    }

    /** The same options with the dashboard on another loopback port (0: a free one). */
    public OperatorOptions withDashboardPort(int port) {
        return new OperatorOptions(namespace, watchNamespaces, disabled, webhookPort, bundlePort, identity, certificatePass,
                extraServingNames, lease, reloadPeriod, cluster, audit, port);
    }

    /** The defaults of {@code skipper operator} for one replica. */
    public static OperatorOptions defaults(String namespace, String identity) {
        return new OperatorOptions(namespace, Set.of(), Set.of(), 8443, 8444, identity, Duration.ofMinutes(1), List.of(),
                Leadership.Timing.defaults(), Duration.ofSeconds(10));
    }

    /** Whether a component runs. */
    public boolean enabled(String component) {
        return !disabled.contains(component);
    }
}
