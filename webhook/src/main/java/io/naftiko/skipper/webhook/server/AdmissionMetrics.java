package io.naftiko.skipper.webhook.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.naftiko.skipper.webhook.admission.AdmissionAnswer;
import io.naftiko.skipper.webhook.admission.AdmissionEndpoint;
import java.time.Duration;

/**
 * {@code skipper_admission_requests_seconds}: a latency histogram of admission calls by operation
 * (mutate, validate), kind and result (allowed, denied, bad_request, error). Its {@code _count} is the request count.
 */
public final class AdmissionMetrics {

    /** The metric's name as Micrometer knows it. */
    public static final String NAME = "skipper.admission.requests";

    private final MeterRegistry registry;

    /** Metrics into a registry. */
    public AdmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one answered call. */
    public void record(AdmissionEndpoint endpoint, AdmissionAnswer answer, long nanos) {
        record(endpoint.label(), answer.kind(), answer.outcome().label(), nanos);
    }

    /** Records a call refused before the handler ran (too large, wrong content type). */
    public void record(String operation, String result, long nanos) {
        record(operation, "unknown", result, nanos);
    }

    private void record(String operation, String kind, String result, long nanos) {
        Timer.builder(NAME)
                .description("Admission requests by operation, kind and result")
                .tags("operation", operation, "kind", kind, "result", result)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(10))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }
}
