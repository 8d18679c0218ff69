package io.naftiko.skipper.gateway.routing;

/** How one {@code tools/call} ended, as the {@code result} label of {@code skipper_gateway_calls_total} says it. */
public enum CallResult {
    /** The capability answered with a result. */
    OK("ok"),
    /** The capability answered with a tool error ({@code isError}). */
    TOOL_ERROR("tool_error"),
    /** The capability answered with a JSON-RPC error. */
    ERROR("error"),
    /** The Warden denied it. */
    DENIED("denied"),
    /** No authorization decision could be had. */
    AUTHORIZATION_UNAVAILABLE("authorization_unavailable"),
    /** The capability could not be reached or did not speak MCP. */
    UPSTREAM_ERROR("upstream_error");

    private final String label;

    CallResult(String label) {
        this.label = label;
    }

    /** The metric label. */
    public String label() {
        return label;
    }
}
