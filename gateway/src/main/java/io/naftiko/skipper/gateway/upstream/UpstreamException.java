package io.naftiko.skipper.gateway.upstream;

/** A capability did not answer as MCP, with a sentence that names no credential. */
public final class UpstreamException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a capability could not be used. */
    public enum Reason {
        /** Connection refused, reset, or timed out. */
        UNREACHABLE,
        /** It refused the gateway's credentials (401, 403). */
        CREDENTIALS_REFUSED,
        /** It answered, but not as an MCP server of either era. */
        NOT_MCP,
        /** Its answer was larger than the gateway relays. */
        TOO_LARGE
    }

    private final Reason reason;

    /** With a reason and a sentence. */
    public UpstreamException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }
}
