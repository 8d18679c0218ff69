package io.naftiko.skipper.dashboard.view;

import io.naftiko.skipper.webhook.server.RecentAdmissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the admission webhook admitted and denied, with the messages users saw. */
public final class AdmissionPage {

    private AdmissionPage() {
    }

    /**
     * The page.
     *
     * @param recent the last answers of this replica's webhook, newest first
     * @param kept   how many answers the replica keeps
     */
    public static String render(List<RecentAdmissions.Entry> recent, int kept) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        recent.forEach(e -> counts.computeIfAbsent(e.operation() + " " + e.kind(), k -> new TreeMap<>()).merge(e.outcome(), 1, Integer::sum));
        StringBuilder body = new StringBuilder("<p>The last ").append(kept).append(" answers of this replica's webhook")
                .append(" (every replica answers; the counts of all of them are <code>skipper_admission_requests_seconds_count</code>).</p>");
        List<List<String>> countRows = new ArrayList<>();
        counts.forEach((what, byOutcome) -> countRows.add(List.of(Html.text(what),
                String.valueOf(byOutcome.getOrDefault("allowed", 0)), String.valueOf(byOutcome.getOrDefault("denied", 0)),
                String.valueOf(byOutcome.getOrDefault("bad_request", 0) + byOutcome.getOrDefault("error", 0)))));
        body.append(Html.table("Answers by operation and kind", List.of("Operation and kind", "Admitted", "Denied", "Bad or failed"),
                countRows));
        List<List<String>> rows = new ArrayList<>();
        for (RecentAdmissions.Entry e : recent) {
            Html.Tone tone = switch (e.outcome()) {
                case "allowed" -> Html.Tone.GOOD;
                case "denied", "error" -> Html.Tone.BAD;
                default -> Html.Tone.PENDING;
            };
            rows.add(List.of(Html.text(e.at().toString()), Html.text(e.operation()), Html.text(e.kind()), Html.text(e.object()),
                    Html.badge(e.outcome().equals("allowed") ? "admitted" : e.outcome().replace('_', ' '), tone),
                    "<span style=\"white-space:pre-wrap\">" + Html.text(e.message()) + "</span>"));
        }
        body.append("<h2>Recent answers</h2>").append(Html.table("Newest first", List.of("At", "Operation", "Kind", "Object", "Answer",
                "Message"), rows));
        return Html.page("Admission", "/admission", body.toString());
    }
}
