package io.naftiko.skipper.webhook.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.validation.Violation;
import java.util.Base64;
import java.util.List;

/**
 * Builds {@code admission.k8s.io/v1} AdmissionReview responses. The uid is set here and nowhere
 * else, so that no answer can leave without it.
 */
final class ReviewResponses {

    /** The only AdmissionReview version served. */
    static final String API_VERSION = "admission.k8s.io/v1";

    private ReviewResponses() {
    }

    static ObjectNode allowed(String uid, List<String> warnings) {
        ObjectNode review = review(uid, true);
        warnings(review, warnings);
        return review;
    }

    static ObjectNode patched(String uid, byte[] jsonPatch, List<String> warnings) {
        ObjectNode review = allowed(uid, warnings);
        ((ObjectNode) review.get("response")).put("patchType", "JSONPatch")
                .put("patch", Base64.getEncoder().encodeToString(jsonPatch));
        return review;
    }

    static ObjectNode denied(String uid, int code, String reason, String message, List<Violation> causes,
                             List<String> warnings) {
        ObjectNode review = review(uid, false);
        ObjectNode status = ((ObjectNode) review.get("response")).putObject("status");
        status.put("status", "Failure").put("code", code).put("reason", reason).put("message", message);
        if (!causes.isEmpty()) {
            ArrayNode list = status.putObject("details").putArray("causes");
            causes.forEach(v -> list.addObject().put("reason", "FieldValueInvalid").put("field", v.field())
                    .put("message", v.message()));
        }
        warnings(review, warnings);
        return review;
    }

    /** A {@code v1 Status} for a body that was not an AdmissionReview (sent with HTTP 400). */
    static ObjectNode badRequest(String message) {
        ObjectNode status = Mappers.json().createObjectNode();
        status.put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", message).put("reason", "BadRequest").put("code", 400);
        return status;
    }

    private static ObjectNode review(String uid, boolean allowed) {
        ObjectNode review = Mappers.json().createObjectNode();
        review.put("apiVersion", API_VERSION).put("kind", "AdmissionReview");
        review.putObject("response").put("uid", uid).put("allowed", allowed);
        return review;
    }

    private static void warnings(ObjectNode review, List<String> warnings) {
        if (!warnings.isEmpty()) {
            ArrayNode list = ((ObjectNode) review.get("response")).putArray("warnings");
            warnings.forEach(list::add);
        }
    }
}
