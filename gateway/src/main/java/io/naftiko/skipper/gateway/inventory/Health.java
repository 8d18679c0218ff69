package io.naftiko.skipper.gateway.inventory;

/**
 * Whether a capability's tools are offered, and why not.
 *
 * @param state  the state
 * @param reason a human sentence for a state other than {@link State#READY} (empty when ready)
 */
public record Health(State state, String reason) {

    /** The states, each with the word {@code GET /inventory} shows. */
    public enum State {
        /** Ready and answering: its tools are listed and called. */
        READY("Ready"),
        /** The Capability is not Ready (its condition says why). */
        NOT_READY("NotReady"),
        /** Its MCP expose cannot be reached through its Service (no port, stdio, localhost only). */
        NO_ENDPOINT("NoEndpoint"),
        /** The credentials its MCP expose demands cannot be read or presented. */
        NO_CREDENTIALS("NoCredentials"),
        /** The gateway could not talk MCP to it on its last try. */
        UNREACHABLE("Unreachable");

        private final String word;

        State(String word) {
            this.word = word;
        }

        /** The CamelCase word. */
        public String word() {
            return word;
        }
    }

    /** Ready. */
    public static Health ready() {
        return new Health(State.READY, "");
    }

    /** Not offered, for a reason. */
    public static Health of(State state, String reason) {
        return new Health(state, reason);
    }

    /** Whether the tools are offered. */
    public boolean isReady() {
        return state == State.READY;
    }
}
