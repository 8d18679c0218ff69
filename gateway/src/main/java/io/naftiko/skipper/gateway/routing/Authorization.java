package io.naftiko.skipper.gateway.routing;

/** A Warden's answer to "may this subject call this tool". */
public sealed interface Authorization {

    /** Allowed. */
    record Allowed(String policy) implements Authorization {
    }

    /**
     * Denied.
     *
     * @param policy the policy that decided (e.g. {@code data.naftiko.gateway.allow})
     * @param reason why, when the policy says
     */
    record Denied(String policy, String reason) implements Authorization {
    }

    /** No decision could be had (the Warden is down): the call is refused, never let through. */
    record Unavailable(String policy, String reason) implements Authorization {
    }
}
