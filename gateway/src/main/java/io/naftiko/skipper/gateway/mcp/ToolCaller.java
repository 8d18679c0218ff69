package io.naftiko.skipper.gateway.mcp;

/** Carries a {@code tools/call} to the capability serving the tool and brings back its answer. */
@FunctionalInterface
public interface ToolCaller {

    /** The JSON-RPC answer for the client (a result, a tool error or a protocol error), with the client's id. */
    McpReply call(ToolCall call);
}
