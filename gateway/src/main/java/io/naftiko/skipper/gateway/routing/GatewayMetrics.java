package io.naftiko.skipper.gateway.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * {@code skipper_gateway_calls_total{capability,tool,result}} and the latency histogram
 * {@code skipper_gateway_call_duration_seconds{capability,tool}}; {@code capability} is {@code namespace/name}. Labels
 * come from the inventory, never from what a client sends, so their number is bounded by the tools in scope.
 */
public final class GatewayMetrics {

    private final MeterRegistry registry;

    /** Metrics into a registry. */
    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records one routed call. */
    public void record(String capability, String tool, CallResult result, long nanos) {
        Counter.builder("skipper.gateway.calls").description("Tool calls routed by the gateway, by capability, tool and result")
                .tags("capability", capability, "tool", tool, "result", result.label()).register(registry).increment();
        Timer.builder("skipper.gateway.call.duration").description("Latency of tool calls routed by the gateway")
                .tags("capability", capability, "tool", tool)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry).record(Duration.ofNanos(nanos));
    }
}
