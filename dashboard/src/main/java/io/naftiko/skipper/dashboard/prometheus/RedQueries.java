package io.naftiko.skipper.dashboard.prometheus;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PromQL of a capability's RED figures per operation, over the engine's {@code ikanos_request_total},
 * {@code ikanos_request_errors} and {@code ikanos_request_duration_seconds}, as Skipper's ServiceMonitor labels them
 * (its {@code targetLabels} put the Service's {@code naftiko.io/capability} on every series as
 * {@code naftiko_io_capability}). Pure: the same text the dashboard
 * asks and the tests check with promtool.
 */
public final class RedQueries {

    /** The rate window of every figure. */
    public static final String WINDOW = "5m";
    /** The labels one series of a figure is told apart by. */
    public static final String BY = "ikanos_operation_id, ikanos_adapter_type";

    private RedQueries() {
    }

    /** The series selector of one capability. */
    public static String selector(String namespace, String name) {
        return "namespace=\"" + namespace + "\",naftiko_io_capability=\"" + name + "\"";
    }

    /** Figure name to PromQL: {@code requests}, {@code errors} (per second), {@code p50}, {@code p99} (seconds). */
    public static Map<String, String> of(String namespace, String name) {
        String selector = selector(namespace, name);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("requests", "sum by (" + BY + ") (rate(ikanos_request_total{" + selector + "}[" + WINDOW + "]))");
        queries.put("errors", "sum by (" + BY + ") (rate(ikanos_request_errors{" + selector + "}[" + WINDOW + "]))");
        queries.put("p50", quantile("0.5", selector));
        queries.put("p99", quantile("0.99", selector));
        return queries;
    }

    private static String quantile(String q, String selector) {
        return "histogram_quantile(" + q + ", sum by (le, " + BY + ") (rate(ikanos_request_duration_seconds_bucket{" + selector
                + "}[" + WINDOW + "])))";
    }
}
