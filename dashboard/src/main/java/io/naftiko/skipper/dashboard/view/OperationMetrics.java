package io.naftiko.skipper.dashboard.view;

import java.util.List;

/**
 * The RED figures of one operation of a capability, from the engine's metrics.
 *
 * @param operation         {@code ikanos_operation_id}
 * @param adapter           {@code ikanos_adapter_type} (rest, mcp, skill)
 * @param requestsPerSecond rate of {@code ikanos_request_total} over the window
 * @param errorsPerSecond   rate of {@code ikanos_request_errors} over the window
 * @param p50Seconds        median of {@code ikanos_request_duration_seconds}, or null without requests
 * @param p99Seconds        99th percentile, or null without requests
 * @param requestSeries     the request rate over the last hour, oldest first
 * @param errorSeries       the error rate over the last hour, oldest first
 */
public record OperationMetrics(String operation, String adapter, double requestsPerSecond, double errorsPerSecond, Double p50Seconds,
                               Double p99Seconds, List<Double> requestSeries, List<Double> errorSeries) {

    /** Errors per request, 0 without requests. */
    public double errorRatio() {
        return requestsPerSecond <= 0 ? 0 : errorsPerSecond / requestsPerSecond;
    }
}
