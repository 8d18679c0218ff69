package io.naftiko.skipper.gateway.mcp;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One HTTP request to the gateway's MCP endpoint, already authenticated and read within the server's bounds.
 *
 * @param httpMethod {@code POST}, {@code GET}, {@code DELETE}…
 * @param headers    its headers, by lower-case name
 * @param body       its body (empty for GET)
 * @param subject    who sent it, as the client authentication found
 */
public record McpRequest(String httpMethod, Map<String, String> headers, byte[] body, String subject) {

    /** A request; header names are lower-cased here. */
    public static McpRequest of(String httpMethod, Map<String, String> headers, byte[] body, String subject) {
        Map<String, String> lower = headers.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
        return new McpRequest(httpMethod, Map.copyOf(lower), body, subject);
    }

    /** A header's value. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
