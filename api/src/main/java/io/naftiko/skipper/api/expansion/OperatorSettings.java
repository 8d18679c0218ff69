package io.naftiko.skipper.api.expansion;

import java.util.Map;
import java.util.Optional;

/**
 * The operator's own configuration that shapes every Capability, read from its environment
 * ({@code NAFTIKO_*}). The OTLP headers are a secret: this type never prints them.
 *
 * @param engineImage      image of the ikanos engine ({@code NAFTIKO_ENGINE_IMAGE})
 * @param otelEndpoint     OTLP collector endpoint ({@code NAFTIKO_OTEL_ENDPOINT})
 * @param otelProtocol     {@code grpc} or {@code http/protobuf} ({@code NAFTIKO_OTEL_PROTOCOL})
 * @param otelSamplingRate trace sampling ratio 0.0–1.0 ({@code NAFTIKO_OTEL_SAMPLING_RATE})
 * @param otelHeaders      OTLP headers, e.g. an API key ({@code NAFTIKO_OTEL_HEADERS}); reaches pods only
 *                         through Secret {@value #OTEL_HEADERS_SECRET}
 * @param ingressDomain    domain under which public exposes get a host ({@code NAFTIKO_INGRESS_DOMAIN})
 * @param ingressClassName IngressClass of generated Ingresses ({@code NAFTIKO_INGRESS_CLASS})
 * @param hpaRequestsMetric per-pod requests-per-second metric for autoscaling ({@code NAFTIKO_HPA_REQUESTS_METRIC})
 * @param prometheusUrl    the Prometheus HTTP API that rollout analyses query ({@code NAFTIKO_PROMETHEUS_URL}, or the
 *                         operator's {@code --prometheus-url})
 */
public record OperatorSettings(
        String engineImage,
        Optional<String> otelEndpoint,
        Optional<String> otelProtocol,
        Optional<String> otelSamplingRate,
        Optional<String> otelHeaders,
        Optional<String> ingressDomain,
        Optional<String> ingressClassName,
        Optional<String> hpaRequestsMetric,
        Optional<String> prometheusUrl) {

    /** The engine image when {@code NAFTIKO_ENGINE_IMAGE} is not set. */
    public static final String DEFAULT_ENGINE_IMAGE = "ghcr.io/naftiko/ikanos:latest";
    /** Secret, in each Capability's namespace, that carries the OTLP headers to its pods. */
    public static final String OTEL_HEADERS_SECRET = "skipper-otel-headers";
    /** Key of the headers in {@link #OTEL_HEADERS_SECRET}. */
    public static final String OTEL_HEADERS_KEY = "headers";

    /** Settings with the defaults and no OpenTelemetry export. */
    public static OperatorSettings defaults() {
        return fromEnvironment(Map.of());
    }

    /** Reads the settings from an environment map (the operator's, or a test's). */
    public static OperatorSettings fromEnvironment(Map<String, String> env) {
        return new OperatorSettings(
                value(env, "NAFTIKO_ENGINE_IMAGE").orElse(DEFAULT_ENGINE_IMAGE),
                value(env, "NAFTIKO_OTEL_ENDPOINT"),
                value(env, "NAFTIKO_OTEL_PROTOCOL"),
                value(env, "NAFTIKO_OTEL_SAMPLING_RATE"),
                value(env, "NAFTIKO_OTEL_HEADERS"),
                value(env, "NAFTIKO_INGRESS_DOMAIN"),
                value(env, "NAFTIKO_INGRESS_CLASS"),
                value(env, "NAFTIKO_HPA_REQUESTS_METRIC"),
                value(env, "NAFTIKO_PROMETHEUS_URL"));
    }

    /** These settings with another Prometheus address (the operator's {@code --prometheus-url} wins over the environment). */
    public OperatorSettings withPrometheusUrl(Optional<String> url) {
        return new OperatorSettings(engineImage, otelEndpoint, otelProtocol, otelSamplingRate, otelHeaders, ingressDomain,
                ingressClassName, hpaRequestsMetric, url.map(String::trim).filter(v -> !v.isEmpty()));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return "OperatorSettings[engineImage=" + engineImage + ", otelEndpoint=" + otelEndpoint
                + ", otelProtocol=" + otelProtocol + ", otelSamplingRate=" + otelSamplingRate
                + ", otelHeaders=" + otelHeaders.map(h -> "(set)").orElse("(unset)")
                + ", ingressDomain=" + ingressDomain + ", ingressClassName=" + ingressClassName
                + ", hpaRequestsMetric=" + hpaRequestsMetric + ", prometheusUrl=" + prometheusUrl + "]";
    }
}
