package io.naftiko.skipper.gateway.mcp;

import java.util.List;
import java.util.Optional;

/**
 * The two eras of MCP's Streamable HTTP: the stateless 2026-07-28 revision (no handshake, {@code _meta} and the
 * {@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name} headers on every request) and the session-based
 * 2025 revisions ({@code initialize}, {@code Mcp-Session-Id}).
 */
public enum ProtocolEra {
    /** 2026-07-28. */
    MODERN,
    /** 2025-03-26, 2025-06-18, 2025-11-25. */
    LEGACY;

    /** The stateless revision. */
    public static final String MODERN_VERSION = "2026-07-28";
    /** The session-based revisions the gateway speaks, newest first. */
    public static final List<String> LEGACY_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26");
    /** What a 2025 request without {@code MCP-Protocol-Version} is taken to speak, as that revision says. */
    public static final String LEGACY_DEFAULT = "2025-03-26";

    /** The era of a revision the gateway speaks. */
    public static Optional<ProtocolEra> of(String version) {
        if (MODERN_VERSION.equals(version)) {
            return Optional.of(MODERN);
        }
        return LEGACY_VERSIONS.contains(version) ? Optional.of(LEGACY) : Optional.empty();
    }

    /** Every revision the gateway speaks, newest first. */
    public static List<String> supportedVersions() {
        return List.of(MODERN_VERSION, LEGACY_VERSIONS.get(0), LEGACY_VERSIONS.get(1), LEGACY_VERSIONS.get(2));
    }
}
