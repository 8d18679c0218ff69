package io.naftiko.skipper.audit;

import io.naftiko.skipper.api.TextTable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Decisions as {@code skipper audit} prints them: one line each, newest first, in columns; {@code wide} adds the
 * subject, the bundle revisions and the decision id. Times are UTC, as the API gives them.
 */
public final class DecisionTable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private DecisionTable() {
    }

    /** The table of some decisions. */
    public static String render(List<DecisionPage.StoredDecision> decisions, boolean wide) {
        TextTable table = wide ? new TextTable("TIME", "WARDEN", "RESULT", "PATH", "CAPABILITY", "SUBJECT", "BUNDLES", "DECISION")
                : new TextTable("TIME", "WARDEN", "RESULT", "PATH", "CAPABILITY", "SUBJECT");
        for (DecisionPage.StoredDecision stored : decisions) {
            Decision decision = stored.decision();
            String capability = decision.capability().map(name -> decision.capabilityNamespace().map(ns -> ns + "/").orElse("") + name)
                    .orElse(null);
            String warden = decision.warden() + (decision.labelsMismatch() ? " (labels claimed another)" : "");
            String subject = decision.subject().orElse(null);
            if (wide) {
                table.row(TIME.format(decision.decidedAt()), warden, decision.result().label(), decision.path(), capability, subject,
                        revisions(decision.bundles()), decision.decisionId());
            } else {
                table.row(TIME.format(decision.decidedAt()), warden, decision.result().label(), decision.path(), capability, subject);
            }
        }
        return print(table);
    }

    /** The table of a summary. */
    public static String renderSummary(List<SummaryRow> summary) {
        TextTable table = new TextTable("WARDEN", "PATH", "RESULT", "DECISIONS");
        for (SummaryRow row : summary) {
            table.row(row.warden(), row.path(), row.result().label(), String.valueOf(row.count()));
        }
        return print(table);
    }

    private static String revisions(Map<String, String> bundles) {
        return bundles.isEmpty() ? null : bundles.entrySet().stream().map(entry -> entry.getKey() + "@" + entry.getValue())
                .collect(Collectors.joining(","));
    }

    private static String print(TextTable table) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            table.print(out);
        }
        return text.toString();
    }
}
