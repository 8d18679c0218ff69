package io.naftiko.skipper.dashboard.view;

import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One capability: its state, its children, the revision each environment runs, its MCP tools, RED per operation. */
public final class CapabilityPage {

    /**
     * A child object and how it stands.
     *
     * @param kind  its kind
     * @param name  its name
     * @param state what it reports, e.g. {@code 2/2 available}
     * @param tone  how that looks
     */
    public record Child(String kind, String name, String state, Html.Tone tone) {
    }

    /**
     * Where one Fleet environment stands for this capability.
     *
     * @param environment the environment
     * @param namespace   its namespace
     * @param revision    the Fleet revision it runs ({@code naftiko.io/fleet-revision}), or {@code -}
     * @param phase       its phase, or null
     */
    public record EnvironmentRevision(String environment, String namespace, String revision, Phase phase) {
    }

    /**
     * An MCP tool the capability offers.
     *
     * @param name        its name
     * @param description its description
     */
    public record Tool(String name, String description) {
    }

    /**
     * Everything the page shows beside the Capability itself.
     *
     * @param children     its children
     * @param environments the environments of its Fleet
     * @param tools        its MCP tools
     * @param red          its RED metrics, or why there are none
     */
    public record Details(List<Child> children, List<EnvironmentRevision> environments, List<Tool> tools, RedMetrics red) {
    }

    private CapabilityPage() {
    }

    /** The page. */
    public static String render(Capability capability, Details details) {
        String key = capability.getMetadata().getNamespace() + "/" + capability.getMetadata().getName();
        CapabilityStatus status = capability.getStatus();
        StringBuilder body = new StringBuilder("<p>");
        Phase phase = status == null ? null : status.phase();
        body.append("Phase ").append(Html.badge(phase == null ? "Unknown" : phase.name(), Tones.of(phase)))
                .append(" · tier ").append(Html.text(OverviewPage.tierOf(capability)))
                .append(" · environment ").append(Html.text(OverviewPage.environmentOf(capability)));
        if (status != null && status.endpoint() != null) {
            body.append(" · <code>").append(Html.text(status.endpoint())).append("</code>");
        }
        body.append("</p>");
        if (status != null && status.rollout() != null) {
            body.append("<p>Rollout ").append(Html.badge(status.rollout().describe(), Tones.ofRollout(status.rollout().phase())))
                    .append(" ").append(Html.text(status.rollout().message())).append("</p>");
        }

        List<List<String>> conditions = new ArrayList<>();
        if (status != null && status.conditions() != null) {
            status.conditions().forEach(c -> conditions.add(List.of(Html.text(c.getType()),
                    Html.badge(c.getStatus(), "True".equals(c.getStatus()) ? Html.Tone.GOOD : Html.Tone.BAD),
                    Html.text(c.getReason()), Html.text(c.getMessage()))));
        }
        body.append("<h2>Conditions</h2>").append(Html.table("Conditions of " + key, List.of("Type", "Status", "Reason", "Message"), conditions));

        body.append("<h2>RED per operation</h2>");
        if (details.red().operations().isEmpty()) {
            body.append("<p class=\"note\" role=\"note\">").append(Html.text(details.red().note())).append("</p>");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (OperationMetrics op : details.red().operations().get()) {
                rows.add(List.of(Html.text(op.operation()), Html.text(op.adapter()),
                        number(op.requestsPerSecond()) + " " + Sparkline.svg(op.requestSeries(), "requests per second of " + op.operation()
                                + " over the last hour"),
                        percent(op.errorRatio()) + " " + Sparkline.svg(op.errorSeries(), "errors per second of " + op.operation()
                                + " over the last hour"),
                        millis(op.p50Seconds()), millis(op.p99Seconds())));
            }
            body.append(Html.table("Requests, errors and latency over the last 5 minutes", List.of("Operation", "Adapter", "Requests/s",
                    "Errors", "p50", "p99"), rows));
        }

        List<List<String>> children = new ArrayList<>();
        details.children().forEach(c -> children.add(List.of(Html.text(c.kind()), Html.text(c.name()), Html.badge(c.state(), c.tone()))));
        body.append("<h2>Children</h2>").append(Html.table("Objects Skipper keeps for " + key, List.of("Kind", "Name", "State"), children));

        List<List<String>> environments = new ArrayList<>();
        details.environments().forEach(e -> environments.add(List.of(Html.text(e.environment()), Html.text(e.namespace()),
                Html.text(e.revision()), Html.badge(e.phase() == null ? "Unknown" : e.phase().name(), Tones.of(e.phase())))));
        body.append("<h2>Revision per environment</h2>").append(Html.table("Fleet environments running " + capability.getMetadata().getName(),
                List.of("Environment", "Namespace", "Revision", "Phase"), environments));

        List<List<String>> tools = new ArrayList<>();
        details.tools().forEach(t -> tools.add(List.of("<code>" + Html.text(t.name()) + "</code>", Html.text(t.description()))));
        body.append("<h2>MCP tools</h2>").append(Html.table("Tools of " + key, List.of("Tool", "Description"), tools));
        return Html.page("Capability " + key, "/", body.toString());
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }

    private static String millis(Double seconds) {
        return seconds == null || !Double.isFinite(seconds) ? "-" : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }
}
