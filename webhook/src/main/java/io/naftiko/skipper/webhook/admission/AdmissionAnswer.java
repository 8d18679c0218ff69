package io.naftiko.skipper.webhook.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The HTTP answer to one call.
 *
 * @param httpStatus 200 for every AdmissionReview answer (allowed or denied); 400 when the body was not one
 * @param body       the AdmissionReview response, or a Status explaining the 400
 * @param outcome    how it ended
 * @param kind       the kind admitted ({@code Capability}, {@code CapabilityClass}, other, or {@code unknown})
 * @param object     {@code namespace/name} (or {@code name}) of the object admitted, empty when the body was not a review
 */
public record AdmissionAnswer(int httpStatus, ObjectNode body, AdmissionOutcome outcome, String kind, String object) {
}
