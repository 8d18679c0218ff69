package io.naftiko.skipper.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks a Warden (OPA's data API): {@code POST {warden}/v1/data/naftiko/gateway/allow} with
 * {@code {"input": {tool, capability, namespace, subject}}}. A result of {@code true} allows; {@code false} or an
 * undefined decision denies; an object result is read as {@code {allow, reason}}. No answer within the timeout, or
 * an error, refuses the call (fail closed).
 */
public final class OpaAuthorizer implements ToolAuthorizer {

    /** The document the gateway asks for. */
    public static final String POLICY_PATH = "naftiko/gateway/allow";
    /** The same, as a Rego reference in messages. */
    public static final String POLICY = "data.naftiko.gateway.allow";
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpClient http;
    private final URI decision;
    private final Duration timeout;

    /** An authorizer asking the Warden at {@code base} (e.g. {@code https://warden.policy:8181}). */
    public OpaAuthorizer(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.decision = base.resolve("/v1/data/" + POLICY_PATH);
        this.timeout = timeout;
    }

    @Override
    public Authorization authorize(Input input) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode in = body.putObject("input");
        in.put("tool", input.tool()).put("capability", input.capability()).put("namespace", input.namespace())
                .put("subject", input.subject());
        try {
            HttpRequest request = HttpRequest.newBuilder(decision).timeout(timeout).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Mappers.json().writeValueAsBytes(body))).build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream stream = response.body()) {
                bytes = stream.readNBytes(MAX_ANSWER_BYTES);
            }
            if (response.statusCode() != 200) {
                return new Authorization.Unavailable(POLICY, "the Warden answered HTTP " + response.statusCode());
            }
            return read(Mappers.json().readTree(bytes).path("result"));
        } catch (IOException e) {
            return new Authorization.Unavailable(POLICY, "the Warden at " + decision.getAuthority() + " did not answer: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Authorization.Unavailable(POLICY, "interrupted");
        }
    }

    /** The decision in OPA's {@code result}. */
    static Authorization read(JsonNode result) {
        if (result.isBoolean()) {
            return result.asBoolean() ? new Authorization.Allowed(POLICY) : new Authorization.Denied(POLICY, "");
        }
        if (result.isObject() && result.path("allow").isBoolean()) {
            String reason = result.path("reason").asText("");
            return result.path("allow").asBoolean() ? new Authorization.Allowed(POLICY) : new Authorization.Denied(POLICY, reason);
        }
        return new Authorization.Denied(POLICY, result.isMissingNode() ? "the policy is undefined for this input"
                : "the policy's result is neither a boolean nor {allow, reason}");
    }
}
