package io.naftiko.skipper.dashboard.view;

import io.naftiko.skipper.audit.Decision;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Recent decisions of every Warden (the denies, as first opened), with the audit's own filters. */
public final class AuditPage {

    /** The query parameters the page passes to the audit (those of {@code GET /audit/decisions}). */
    public static final List<String> FILTERS = List.of("result", "warden", "capability", "path", "since");

    private AuditPage() {
    }

    /**
     * The page.
     *
     * @param page       the decisions found, or null when there are none to show
     * @param parameters the filters as asked
     * @param problem    why there are no decisions (no audit store, a filter it cannot read, the store down), or empty
     */
    public static String render(DecisionPage page, Map<String, String> parameters, String problem) {
        StringBuilder body = new StringBuilder("<form method=\"get\" action=\"/audit\" role=\"search\" aria-label=\"Filter decisions\">")
                .append(Html.select("result", "Result", List.of("deny", "allow", "error", "undefined", "value"),
                        parameters.getOrDefault("result", "")))
                .append(Html.input("warden", "Warden", parameters.getOrDefault("warden", ""), "namespace/name"))
                .append(Html.input("capability", "Capability", parameters.getOrDefault("capability", ""), "namespace/name"))
                .append(Html.input("path", "Policy path", parameters.getOrDefault("path", ""), "naftiko/fleet/allow"))
                .append(Html.input("since", "Since", parameters.getOrDefault("since", ""), "1h, 24h, 2026-12-01T00:00:00Z"))
                .append("<button type=\"submit\">Filter</button></form>");
        if (!problem.isEmpty()) {
            body.append("<p class=\"note\" role=\"note\">").append(Html.text(problem)).append("</p>");
            return Html.page("Audit", "/audit", body.toString());
        }
        List<List<String>> rows = new ArrayList<>();
        for (DecisionPage.StoredDecision stored : page.decisions()) {
            Decision d = stored.decision();
            rows.add(List.of(Html.text(d.decidedAt().toString()), Html.text(d.warden()), Html.text(d.path()),
                    Html.badge(d.result().label(), d.result() == DecisionResult.ALLOW ? Html.Tone.GOOD
                            : d.result() == DecisionResult.DENY || d.result() == DecisionResult.ERROR ? Html.Tone.BAD : Html.Tone.NEUTRAL),
                    Html.text(d.capability().map(c -> d.capabilityNamespace().map(ns -> ns + "/").orElse("") + c).orElse("-")),
                    Html.text(d.subject().orElse("-")),
                    Html.text(String.join(", ", d.bundles().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()))));
        }
        body.append(Html.table(page.decisions().size() + " decisions, newest first" + (page.next().isPresent() ? " (more: narrow the filters)" : ""),
                List.of("Decided at", "Warden", "Path", "Result", "Capability", "Subject", "Bundles"), rows));
        return Html.page("Audit", "/audit", body.toString());
    }
}
