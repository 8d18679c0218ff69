package io.naftiko.skipper.testkit;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What kube-apiserver's admission chain does with a write, as {@link InMemoryApiServer} asks it: the object about to be
 * stored goes in; the object to store (mutated) or a denial comes out. Dry-run writes are admitted too, as the API
 * server admits them for webhooks with {@code sideEffects: None}.
 */
@FunctionalInterface
public interface Admission {

    /**
     * Reviews one write.
     *
     * @param operation {@code CREATE} or {@code UPDATE}
     * @param object    the object as it would be stored
     * @param oldObject the stored object, for an UPDATE; {@code null} for a CREATE
     */
    Verdict review(String operation, JsonNode object, JsonNode oldObject);

    /**
     * An admission's answer.
     *
     * @param object   the object to store, when allowed
     * @param webhook  the webhook that denied, when denied
     * @param message  the denial's message
     * @param code     the HTTP code of a denial (the API server answers at least 400)
     */
    record Verdict(JsonNode object, String webhook, String message, int code) {

        /** Store {@code object}. */
        public static Verdict allow(JsonNode object) {
            return new Verdict(object, null, null, 200);
        }

        /** Refuse the write, as webhook {@code webhook} did, with its message. */
        public static Verdict deny(String webhook, String message, int code) {
            return new Verdict(null, webhook, message, Math.max(400, code));
        }

        /** Whether the write may go on. */
        public boolean allowed() {
            return webhook == null;
        }
    }
}
