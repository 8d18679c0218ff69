package io.naftiko.skipper.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One decision as the audit store keeps it: who decided (the Warden its certificate names), what (path, result,
 * the capability and subject the input names), under which bundle revisions, when, and the event itself after the
 * configured fields were dropped.
 *
 * @param warden              {@code namespace/name} of the Warden, from its client certificate
 * @param decisionId          OPA's {@code decision_id}; unique per Warden
 * @param decidedAt           the event's {@code timestamp}
 * @param receivedAt          when Skipper stored it
 * @param path                the policy path queried, e.g. {@code naftiko/gateway/allow}
 * @param result              what it came to
 * @param capabilityNamespace the namespace of the capability the input names, if it names one
 * @param capability          the capability the input names, if any
 * @param subject             who asked, as the input names them, if it does
 * @param bundles             bundle name to revision, from the event's {@code bundles}
 * @param labelsMismatch      whether the event's labels claimed another Warden than the certificate
 * @param event               the event as JSON, after the configured fields were dropped
 */
public record Decision(String warden, String decisionId, Instant decidedAt, Instant receivedAt, String path,
                       DecisionResult result, Optional<String> capabilityNamespace, Optional<String> capability,
                       Optional<String> subject, Map<String, String> bundles, boolean labelsMismatch, String event) {
}
