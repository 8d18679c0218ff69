package io.naftiko.skipper.webhook.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an {@code admission.k8s.io/v1} request that admission reads.
 *
 * @param uid       echoed in the response
 * @param group     group of the object's kind
 * @param kind      kind of the object
 * @param operation CREATE, UPDATE, DELETE or CONNECT
 * @param namespace namespace of the request (empty for cluster-scoped kinds)
 * @param name      name of the object
 * @param object    the object as sent (null on DELETE)
 * @param oldObject the object before (UPDATE and DELETE)
 * @param dryRun    whether the request will not be persisted
 */
public record ReviewRequest(String uid, String group, String kind, String operation, String namespace, String name,
                            JsonNode object, JsonNode oldObject, boolean dryRun) {

    /** Reads the request part of a review; fields that are absent become empty strings or null. */
    static ReviewRequest of(JsonNode request) {
        return new ReviewRequest(
                request.path("uid").asText(""),
                request.path("kind").path("group").asText(""),
                request.path("kind").path("kind").asText(""),
                request.path("operation").asText(""),
                request.path("namespace").asText(""),
                request.path("name").asText(""),
                present(request.get("object")),
                present(request.get("oldObject")),
                request.path("dryRun").asBoolean(false));
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    /** Whether the object is created or changed (not deleted or connected to). */
    boolean writes() {
        return "CREATE".equals(operation) || "UPDATE".equals(operation);
    }
}
