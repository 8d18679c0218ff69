package io.naftiko.skipper.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Decisions for tests, built field by field from a compact description. */
public final class Decisions {

    private Decisions() {
    }

    /**
     * A decision.
     *
     * @param warden     {@code ns/name}
     * @param id         its decision id
     * @param at         its time
     * @param path       the policy path
     * @param result     what it came to
     * @param capability {@code ns/name} of the capability, or null
     */
    public static Decision of(String warden, String id, Instant at, String path, DecisionResult result, String capability) {
        Optional<String> namespace = Optional.ofNullable(capability).map(c -> c.substring(0, c.indexOf('/')));
        Optional<String> name = Optional.ofNullable(capability).map(c -> c.substring(c.indexOf('/') + 1));
        String event = "{\"decision_id\":\"" + id + "\",\"path\":\"" + path + "\",\"result\":" + (result == DecisionResult.ALLOW) + "}";
        return new Decision(warden, id, at, at.plusMillis(250), path, result, namespace, name, Optional.of("system:serviceaccount:ops:agent"),
                Map.of("naftiko", "rev-1"), false, event);
    }
}
