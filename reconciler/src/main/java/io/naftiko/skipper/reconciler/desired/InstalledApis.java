package io.naftiko.skipper.reconciler.desired;

/**
 * Which optional APIs the cluster serves: Skipper writes a kind only where its CRD is installed, and says so (a
 * warning Event) where a Capability would have used one that is not.
 *
 * @param serviceMonitor the Prometheus Operator's ServiceMonitor
 * @param httpRoute      the Gateway API's HTTPRoute
 * @param argoRollouts   Argo Rollouts' Rollout and AnalysisTemplate
 */
public record InstalledApis(boolean serviceMonitor, boolean httpRoute, boolean argoRollouts) {

    /** Every optional API installed. */
    public static InstalledApis all() {
        return new InstalledApis(true, true, true);
    }

    /** None of them. */
    public static InstalledApis none() {
        return new InstalledApis(false, false, false);
    }
}
