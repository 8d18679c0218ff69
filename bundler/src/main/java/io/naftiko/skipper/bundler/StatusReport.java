package io.naftiko.skipper.bundler;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One OPA status report ({@code POST /status}) as Skipper keeps it: which bundle revisions an instance
 * has active, and what errors it reports.
 *
 * @param warden          the Warden the reporting instance belongs to (from its client certificate)
 * @param instanceId      the instance's id ({@code labels.id})
 * @param activeRevisions bundle name to active revision
 * @param errors          {@code bundle: message} for each bundle that reports an error
 * @param receivedAt      when the report arrived
 */
public record StatusReport(WardenIdentity warden, String instanceId, Map<String, String> activeRevisions, List<String> errors,
                           Instant receivedAt) {

    /** Longest instance id accepted (a pod name is at most 253). */
    public static final int MAX_ID_LENGTH = 253;

    /** Reads OPA's status JSON; a report without a printable {@code labels.id} is refused. */
    public static StatusReport parse(WardenIdentity warden, byte[] body, Instant receivedAt) throws BundleException {
        JsonNode report;
        try {
            report = Mappers.json().readTree(body);
        } catch (IOException e) {
            throw new BundleException("the status report is not JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (report == null || !report.isObject()) {
            throw new BundleException("the status report is not a JSON object");
        }
        String id = report.path("labels").path("id").asText("");
        if (id.isEmpty()) {
            throw new BundleException("the status report has no labels.id");
        }
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // It lands in the Warden's status and in logs: a newline in it would forge a log line.
            throw new BundleException("labels.id must be at most " + MAX_ID_LENGTH + " printable characters");
        }
        Map<String, String> revisions = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = report.path("bundles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> bundle = it.next();
            String revision = bundle.getValue().path("active_revision").asText("");
            if (!revision.isEmpty()) {
                revisions.put(bundle.getKey(), revision);
            }
            String message = bundle.getValue().path("message").asText("");
            if (!message.isEmpty()) {
                errors.add(bundle.getKey() + ": " + message);
            }
        }
        return new StatusReport(warden, id, revisions, errors, receivedAt);
    }
}
