package io.naftiko.skipper.api.v1alpha3;

/** Where a Capability stands, as shown in {@code status.phase}. */
public enum Phase {
    /** Admitted; children are being created or pods are not ready yet. */
    Pending,
    /** Every child exists and matches, and the Deployment is available. */
    Running,
    /** Running in part: something it depends on (an import, a bind Secret) is missing. */
    Degraded,
    /** Reconciliation failed; it is retried with backoff. */
    Failed
}
