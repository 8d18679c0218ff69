package io.naftiko.skipper.api.ikanos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One entry of {@code capability.exposes}.
 *
 * @param field     its path in the document, e.g. {@code capability.exposes[2]}
 * @param type      the type as written ({@code rest}, {@code mcp}, {@code skill}, {@code control})
 * @param port      the port as written (may be missing or not a number)
 * @param namespace its namespace, if any
 * @param address   the bind address, if any
 * @param transport the MCP transport, if any ({@code stdio} needs no port)
 * @param tags      its tags; {@code public} asks for an Ingress
 */
public record Expose(String field, String type, JsonNode port, String namespace, String address,
                     String transport, List<String> tags) {

    /** The tag that publishes an expose through an Ingress. */
    public static final String PUBLIC_TAG = "public";

    /** The type, when it is a known one. */
    public Optional<ExposeType> knownType() {
        return ExposeType.fromWireName(type);
    }

    /** The port, when it is written as a whole number. */
    public Optional<Integer> portNumber() {
        return port != null && port.canConvertToInt() && port.isIntegralNumber()
                ? Optional.of(port.intValue()) : Optional.empty();
    }

    /** Whether this expose listens on a network port (everything but MCP over stdio). */
    public boolean listens() {
        return !"stdio".equals(transport);
    }

    /** Whether this expose is tagged {@code public}. */
    public boolean isPublic() {
        return tags.contains(PUBLIC_TAG);
    }

    /** Whether this is the control adapter. */
    public boolean isControl() {
        return knownType().filter(t -> t == ExposeType.CONTROL).isPresent();
    }
}
