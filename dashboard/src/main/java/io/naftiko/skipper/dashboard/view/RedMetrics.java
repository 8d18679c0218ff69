package io.naftiko.skipper.dashboard.view;

import java.util.List;
import java.util.Optional;

/**
 * What the dashboard could learn of a capability's RED metrics: the figures per operation, or why there are none.
 *
 * @param operations the figures, when Prometheus answered
 * @param note       why there are none (no --prometheus-url, Prometheus unreachable), when it did not
 */
public record RedMetrics(Optional<List<OperationMetrics>> operations, String note) {

    /** Figures. */
    public static RedMetrics of(List<OperationMetrics> operations) {
        return new RedMetrics(Optional.of(List.copyOf(operations)), "");
    }

    /** No figures, and why. */
    public static RedMetrics none(String why) {
        return new RedMetrics(Optional.empty(), why);
    }
}
