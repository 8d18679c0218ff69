package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Resilience4j defaults handed to the engine.
 *
 * @param circuitBreaker circuit breaker settings
 * @param retry          retry settings
 * @param bulkhead       bulkhead settings
 * @param rateLimit      rate limiter settings
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resilience(CircuitBreaker circuitBreaker, Retry retry, Bulkhead bulkhead, RateLimit rateLimit) {

    /**
     * Circuit breaker.
     *
     * @param slidingWindowSize             calls in the sliding window
     * @param failureRateThreshold          failure percentage (1–100) that opens the circuit
     * @param waitDurationInOpenState       how long the circuit stays open, e.g. {@code 30s}
     * @param permittedCallsInHalfOpenState trial calls when half-open
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CircuitBreaker(Integer slidingWindowSize, Integer failureRateThreshold,
                                 String waitDurationInOpenState, Integer permittedCallsInHalfOpenState) {
    }

    /**
     * Retry.
     *
     * @param maxAttempts            attempts including the first
     * @param waitDuration           pause between attempts, e.g. {@code 500ms}
     * @param retryOnResultPredicate expression over the result that triggers a retry, e.g. {@code statusCode >= 500}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Retry(Integer maxAttempts, String waitDuration, String retryOnResultPredicate) {
    }

    /**
     * Bulkhead.
     *
     * @param maxConcurrentCalls concurrent calls allowed
     * @param maxWaitDuration    how long a call waits for a slot
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bulkhead(Integer maxConcurrentCalls, String maxWaitDuration) {
    }

    /**
     * Rate limiter.
     *
     * @param limitForPeriod     calls allowed per period
     * @param limitRefreshPeriod the period
     * @param timeoutDuration    how long a call waits for permission
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RateLimit(Integer limitForPeriod, String limitRefreshPeriod, String timeoutDuration) {
    }
}
