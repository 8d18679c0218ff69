package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import io.naftiko.skipper.api.validation.Durations;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Argo Rollouts {@code AnalysisTemplate} {@code {name}}: the engine's own metrics for the pods of the newest
 * ReplicaSet (argument {@value DesiredRollout#HASH_ARGUMENT}), read from the operator's Prometheus, against the class's
 * thresholds. {@code error-ratio} is {@code ikanos_request_errors / ikanos_request_total}; {@code latency-p99} the
 * 0.99 quantile of {@code ikanos_request_duration_seconds}. Both answer 0 when the new pods served no request in the
 * window, so an idle capability rolls out (there is nothing to judge), and neither can answer NaN.
 * The series are those the ServiceMonitor scrapes through {@code {name}-metrics}, with the pods' pod-template hash.
 */
public final class DesiredAnalysisTemplate {

    /** The kind. */
    public static final String KIND = "AnalysisTemplate";
    /** Time between measurements when the class does not say. */
    public static final String DEFAULT_INTERVAL = "1m";
    /** Measurements when the class does not say: a pre-promotion analysis must end. */
    public static final int DEFAULT_COUNT = 5;
    /** The shortest rate window: four scrapes of the ServiceMonitor's 15 s, so one missed scrape is no gap. */
    private static final Duration SHORTEST_WINDOW = Duration.ofMinutes(1);

    private DesiredAnalysisTemplate() {
    }

    /** The template; none without a rollout that has an analysis, or when the analysis {@link #cannotRun cannot run}. */
    public static Optional<GenericKubernetesResource> of(CapabilityInputs inputs) {
        Optional<RolloutStrategy.Analysis> analysis = inputs.rollout().map(RolloutStrategy::analysis);
        if (analysis.isEmpty() || cannotRun(inputs).isPresent()) {
            return Optional.empty();
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("args", List.of(Map.of("name", DesiredRollout.HASH_ARGUMENT)));
        spec.put("metrics", metrics(inputs, analysis.get(), inputs.settings().prometheusUrl().orElseThrow()));
        return Optional.of(new GenericKubernetesResourceBuilder()
                .withApiVersion(DesiredRollout.API_VERSION)
                .withKind(KIND)
                .withMetadata(inputs.childMetadata())
                .withAdditionalProperties(Map.of("spec", spec))
                .build());
    }

    /**
     * Why an analysis could not run here, if it could not: no Prometheus address, no control expose (no metrics to judge
     * by), or no ServiceMonitor CRD (the queries read the labels its scrapes give the series: without them they would
     * find nothing, and an analysis that finds nothing passes).
     */
    public static Optional<String> cannotRun(CapabilityInputs inputs) {
        if (inputs.settings().prometheusUrl().isEmpty()) {
            return Optional.of("the operator has no --prometheus-url to query");
        }
        if (inputs.controlPort().isEmpty()) {
            return Optional.of("the capability has no control expose, so no metrics to judge by");
        }
        if (!inputs.serviceMonitorSupported()) {
            return Optional.of("the Prometheus Operator's ServiceMonitor CRD is not installed, so no series carry the labels its"
                    + " queries select on");
        }
        return Optional.empty();
    }

    /** The PromQL of each metric, by metric name, for the pods with this pod-template hash (what the template asks). */
    public static Map<String, String> queries(CapabilityInputs inputs, RolloutStrategy.Analysis analysis, String podTemplateHash) {
        String selector = "namespace=\"" + inputs.namespace() + "\",service=\""
                + DesiredService.rolloutService(inputs.name(), DesiredService.METRICS) + "\",rollouts_pod_template_hash=\""
                + podTemplateHash + "\"";
        String window = "[" + window(analysis) + "]";
        Map<String, String> queries = new LinkedHashMap<>();
        if (analysis.maxErrorRatio() != null) {
            queries.put("error-ratio", "((sum(rate(ikanos_request_errors{" + selector + "}" + window + ")) or vector(0))"
                    + " / (sum(rate(ikanos_request_total{" + selector + "}" + window + ")) > 0)) or vector(0)");
        }
        if (analysis.maxLatencyP99() != null) {
            queries.put("latency-p99", "(histogram_quantile(0.99, sum by (le) (rate(ikanos_request_duration_seconds_bucket{"
                    + selector + "}" + window + "))) >= 0) or vector(0)");
        }
        return queries;
    }

    private static List<Object> metrics(CapabilityInputs inputs, RolloutStrategy.Analysis analysis, String prometheus) {
        Map<String, String> queries = queries(inputs, analysis, "{{args." + DesiredRollout.HASH_ARGUMENT + "}}");
        List<Object> metrics = new ArrayList<>();
        queries.forEach((name, query) -> {
            String threshold = name.equals("error-ratio") ? BigDecimal.valueOf(analysis.maxErrorRatio()).toPlainString()
                    : seconds(Durations.parse(analysis.maxLatencyP99()).orElseThrow());
            Map<String, Object> metric = new LinkedHashMap<>();
            metric.put("name", name);
            metric.put("interval", Optional.ofNullable(analysis.interval()).orElse(DEFAULT_INTERVAL));
            metric.put("count", Optional.ofNullable(analysis.count()).orElse(DEFAULT_COUNT));
            if (analysis.failureLimit() != null) {
                metric.put("failureLimit", analysis.failureLimit());
            }
            metric.put("successCondition", "result[0] <= " + threshold);
            Map<String, Object> provider = new LinkedHashMap<>();
            provider.put("address", prometheus);
            provider.put("query", query);
            metric.put("provider", Map.of("prometheus", provider));
            metrics.add(metric);
        });
        return metrics;
    }

    /** The rate window: the measurement interval, but never under a minute. */
    private static String window(RolloutStrategy.Analysis analysis) {
        String interval = Optional.ofNullable(analysis.interval()).orElse(DEFAULT_INTERVAL);
        return Durations.parse(interval).orElseThrow().compareTo(SHORTEST_WINDOW) < 0 ? DEFAULT_INTERVAL : interval;
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
    }
}
