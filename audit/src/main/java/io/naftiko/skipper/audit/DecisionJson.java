package io.naftiko.skipper.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of {@code GET /audit/decisions} and {@code GET /audit/summary}, written by the server and read back by
 * {@code skipper audit}: times in UTC RFC 3339, results by label, the stored event as an object.
 */
public final class DecisionJson {

    private static final ObjectMapper JSON = Mappers.json();

    private DecisionJson() {
    }

    /** A page as the API answers it: {@code {"decisions": [...], "next": "cursor"}}. */
    public static ObjectNode page(DecisionPage page) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode decisions = body.putArray("decisions");
        for (DecisionPage.StoredDecision stored : page.decisions()) {
            decisions.add(decision(stored));
        }
        page.next().ifPresent(cursor -> body.put("next", cursor.encode()));
        return body;
    }

    private static ObjectNode decision(DecisionPage.StoredDecision stored) {
        Decision decision = stored.decision();
        ObjectNode node = JSON.createObjectNode();
        node.put("id", stored.id());
        node.put("warden", decision.warden());
        node.put("decisionId", decision.decisionId());
        node.put("timestamp", decision.decidedAt().toString());
        node.put("receivedAt", decision.receivedAt().toString());
        node.put("path", decision.path());
        node.put("result", decision.result().label());
        decision.capabilityNamespace().ifPresent(namespace -> node.put("capabilityNamespace", namespace));
        decision.capability().ifPresent(capability -> node.put("capability", capability));
        decision.subject().ifPresent(subject -> node.put("subject", subject));
        ObjectNode bundles = node.putObject("bundles");
        decision.bundles().forEach(bundles::put);
        node.put("labelsMismatch", decision.labelsMismatch());
        try {
            node.set("event", JSON.readTree(decision.event()));
        } catch (JsonProcessingException e) {
            node.put("event", decision.event());
        }
        return node;
    }

    /** The decisions of a page the API answered, and its next cursor. */
    public static DecisionPage readPage(JsonNode body) throws AuditInputException {
        if (!body.path("decisions").isArray()) {
            throw new AuditInputException("the answer has no decisions array");
        }
        List<DecisionPage.StoredDecision> decisions = new ArrayList<>();
        for (JsonNode node : body.path("decisions")) {
            Map<String, String> bundles = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = node.path("bundles").fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                bundles.put(entry.getKey(), entry.getValue().asText());
            }
            Decision decision = new Decision(node.path("warden").asText(), node.path("decisionId").asText(),
                    Instant.parse(node.path("timestamp").asText()), Instant.parse(node.path("receivedAt").asText()),
                    node.path("path").asText(), DecisionResult.fromLabel(node.path("result").asText()).orElse(DecisionResult.VALUE),
                    optional(node, "capabilityNamespace"), optional(node, "capability"), optional(node, "subject"), bundles,
                    node.path("labelsMismatch").asBoolean(), node.path("event").toString());
            decisions.add(new DecisionPage.StoredDecision(node.path("id").asLong(), decision));
        }
        Optional<Cursor> next = body.hasNonNull("next") ? Optional.of(Cursor.decode(body.path("next").asText())) : Optional.empty();
        return new DecisionPage(List.copyOf(decisions), next);
    }

    /** A summary as the API answers it. */
    public static ObjectNode summary(Instant since, Instant until, List<SummaryRow> rows) {
        ObjectNode body = JSON.createObjectNode();
        body.put("since", since.toString());
        body.put("until", until.toString());
        ArrayNode counts = body.putArray("counts");
        for (SummaryRow row : rows) {
            counts.addObject().put("warden", row.warden()).put("path", row.path()).put("result", row.result().label())
                    .put("decisions", row.count());
        }
        return body;
    }

    /** The rows of a summary the API answered. */
    public static List<SummaryRow> readSummary(JsonNode body) {
        List<SummaryRow> rows = new ArrayList<>();
        for (JsonNode count : body.path("counts")) {
            rows.add(new SummaryRow(count.path("warden").asText(), count.path("path").asText(),
                    DecisionResult.fromLabel(count.path("result").asText()).orElse(DecisionResult.VALUE), count.path("decisions").asLong()));
        }
        return List.copyOf(rows);
    }

    private static Optional<String> optional(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.path(field).asText()) : Optional.empty();
    }
}
