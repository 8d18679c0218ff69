package io.naftiko.skipper.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionTable;
import io.naftiko.skipper.audit.query.AuditClient;
import io.naftiko.skipper.bundler.client.WardenClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Step 8 of the demo: the Warden reports a handful of decisions as OPA's decision-log plugin does (a gzip upload
 * over the same mTLS as its bundles), sends the same upload again as OPA does after a lost answer, and the denies
 * are read back through the audit API as {@code skipper audit --deny} prints them.
 */
final class AuditDemo {

    private static final String PATH = "naftiko/gateway/allow";

    private AuditDemo() {
    }

    /**
     * What the audit showed.
     *
     * @param stored the decisions the audit holds after the upload and its retry
     * @param denied the denied decisions' ids, newest first
     * @param table  the denies as {@code skipper audit --deny} prints them
     */
    record Outcome(int stored, List<String> denied, String table) {
    }

    static Outcome run(WardenClient warden, String wardenName, String bundle, String revision, URI auditApi, Clock clock,
                       Consumer<String> line) throws Exception {
        Instant now = clock.instant();
        List<ObjectNode> events = new ArrayList<>();
        String[][] decisions = {
            {"get-ship", "shipyard-fleet", "system:serviceaccount:ops:agent", "true", "300"},
            {"create-voyage", "shipyard-fleet", "system:serviceaccount:ops:agent", "true", "240"},
            {"delete-voyage", "shipyard-fleet", "system:serviceaccount:ops:intern", "false", "180"},
            {"get-ship", "shipyard-mock", "system:serviceaccount:ops:intern", "true", "120"},
            {"create-voyage", "shipyard-fleet", "user:mallory@example.com", "false", "60"}};
        for (int i = 0; i < decisions.length; i++) {
            String[] d = decisions[i];
            ObjectNode event = Mappers.json().createObjectNode();
            event.putObject("labels").put("id", "demo-warden-0").put("version", "1.1.0").put("warden", wardenName);
            event.put("decision_id", "demo-decision-" + (i + 1));
            event.putObject("bundles").putObject(bundle).put("revision", revision);
            event.put("path", PATH);
            event.putObject("input").put("tool", d[0]).put("capability", d[1]).put("namespace", Demo.NAMESPACE).put("subject", d[2]);
            if (Boolean.parseBoolean(d[3])) {
                event.put("result", true);
            } else {
                event.putObject("result").put("allow", false).put("reason", d[0] + " needs the fleet-admins group");
            }
            event.put("requested_by", "10.0.0.7:4100" + i);
            event.put("timestamp", now.minusSeconds(Long.parseLong(d[4])).toString());
            events.add(event);
        }
        WardenClient.UploadAnswer first = warden.uploadDecisions(events);
        WardenClient.UploadAnswer retry = warden.uploadDecisions(events);
        if (first.status() != 200 || retry.status() != 200) {
            throw new IllegalStateException("decision-log uploads answered " + first.status() + " and " + retry.status() + ": "
                    + first.text() + retry.text());
        }
        AuditClient audit = new AuditClient(auditApi);
        int stored = audit.decisions(Map.of("since", "1h")).decisions().size();
        line.accept("Warden: POST /logs (gzip, " + events.size() + " decisions, as OPA's decision-log plugin sends them) → "
                + first.status() + "; the same upload again, as OPA retries → " + retry.status() + "; the audit holds " + stored);
        DecisionPage denies = audit.decisions(Map.of("result", "deny", "since", "1h"));
        String table = DecisionTable.render(denies.decisions(), false);
        line.accept("$ skipper audit --deny --since 1h");
        table.lines().forEach(row -> line.accept("  " + row));
        return new Outcome(stored, denies.decisions().stream().map(d -> d.decision().decisionId()).toList(), table);
    }
}
