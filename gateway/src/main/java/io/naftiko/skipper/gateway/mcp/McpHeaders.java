package io.naftiko.skipper.gateway.mcp;

/** The HTTP headers and {@code _meta} keys of MCP's Streamable HTTP, in one place. */
public final class McpHeaders {

    /** The revision a request speaks (both eras; required in 2026-07-28). */
    public static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    /** The JSON-RPC method, copied into a header (2026-07-28). */
    public static final String METHOD = "Mcp-Method";
    /** The tool, prompt or resource a request names, copied into a header (2026-07-28). */
    public static final String NAME = "Mcp-Name";
    /** The session of a 2025 client. */
    public static final String SESSION_ID = "Mcp-Session-Id";
    /** {@code params._meta} key of the request's revision (2026-07-28). */
    public static final String META_PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    /** {@code params._meta} key of the client's capabilities (2026-07-28). */
    public static final String META_CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    /** {@code params._meta} key of the client's name and version (2026-07-28). */
    public static final String META_CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    /** {@code result._meta} key of the server's name and version (2026-07-28). */
    public static final String META_SERVER_INFO = "io.modelcontextprotocol/serverInfo";
    /** The {@code _meta} key under which the gateway says which capability serves a tool. */
    public static final String META_CAPABILITY = "io.naftiko/capability";

    private McpHeaders() {
    }
}
