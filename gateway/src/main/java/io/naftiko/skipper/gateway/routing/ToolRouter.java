package io.naftiko.skipper.gateway.routing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.InventoryTool;
import io.naftiko.skipper.gateway.mcp.JsonRpc;
import io.naftiko.skipper.gateway.mcp.McpReply;
import io.naftiko.skipper.gateway.mcp.ProtocolEra;
import io.naftiko.skipper.gateway.mcp.ToolCall;
import io.naftiko.skipper.gateway.mcp.ToolCaller;
import io.naftiko.skipper.gateway.mcp.ToolResults;
import io.naftiko.skipper.gateway.upstream.UpstreamClient;
import io.naftiko.skipper.gateway.upstream.UpstreamException;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Routes a {@code tools/call}: asks the Warden (when configured), calls the capability in its era with its own
 * credentials, answers the client in the client's era, and records the call (metrics and a decision). A denial or a
 * capability that cannot be reached is a tool error the model can read, naming the policy or the capability.
 */
public final class ToolRouter implements ToolCaller {

    private final UpstreamClient upstream;
    private final ToolAuthorizer authorizer;
    private final GatewayMetrics metrics;
    private final DecisionSink decisions;
    private final Clock clock;

    /** A router. */
    public ToolRouter(UpstreamClient upstream, ToolAuthorizer authorizer, GatewayMetrics metrics, DecisionSink decisions, Clock clock) {
        this.upstream = upstream;
        this.authorizer = authorizer;
        this.metrics = metrics;
        this.decisions = decisions;
        this.clock = clock;
    }

    @Override
    public McpReply call(ToolCall call) {
        long started = System.nanoTime();
        Instant arrived = clock.instant();
        InventoryTool tool = call.tool();
        CapabilityTarget target = tool.target();
        Authorization authorization = authorizer.authorize(new ToolAuthorizer.Input(tool.tool().name(), target.name(),
                target.namespace(), call.subject()));
        Outcome outcome;
        if (authorization instanceof Authorization.Denied denied) {
            outcome = refused(call, CallResult.DENIED, denied.policy(),
                    "denied by policy " + denied.policy() + (denied.reason().isEmpty() ? "" : ": " + denied.reason()));
        } else if (authorization instanceof Authorization.Unavailable unavailable) {
            outcome = refused(call, CallResult.AUTHORIZATION_UNAVAILABLE, unavailable.policy(),
                    "not authorized: policy " + unavailable.policy() + " could not be asked (" + unavailable.reason() + ")");
        } else {
            outcome = forward(call, ((Authorization.Allowed) authorization).policy());
        }
        long nanos = System.nanoTime() - started;
        metrics.record(target.key(), tool.tool().name(), outcome.result(), nanos);
        decisions.record(new GatewayDecision(UUID.randomUUID().toString(), arrived, call.subject(), target.namespace(), target.name(),
                tool.tool().name(), tool.exposedName(), outcome.policy(), outcome.result(), outcome.reason(), nanos / 1_000_000));
        return outcome.reply();
    }

    /** A reply with what the metrics and the decision record say of it. */
    private record Outcome(McpReply reply, CallResult result, String policy, String reason) {
    }

    private static Outcome refused(ToolCall call, CallResult result, String policy, String sentence) {
        return new Outcome(McpReply.json(200, JsonRpc.result(call.id(), ToolResults.error(sentence, call.clientEra()))), result, policy, sentence);
    }

    private Outcome forward(ToolCall call, String policy) {
        InventoryTool tool = call.tool();
        // A 2026-07-28 call for a tool that keeps its name is relayed as it came: its body is never parsed here.
        boolean relayAsIs = call.clientEra() == ProtocolEra.MODERN && !tool.isRenamed();
        try {
            ObjectNode message = upstream.callTool(tool.target(), tool.tool().name(), call.id(), call.body(), relayAsIs).message();
            message.remove("jsonrpc");
            ObjectNode answer = JsonNodeFactory.instance.objectNode().put("jsonrpc", "2.0");
            answer.setAll(message);
            CallResult result;
            if (answer.path("result").isObject()) {
                ObjectNode value = (ObjectNode) answer.get("result");
                ToolResults.complete(value, call.clientEra());
                result = value.path("isError").asBoolean(false) ? CallResult.TOOL_ERROR : CallResult.OK;
            } else {
                result = CallResult.ERROR;
            }
            return new Outcome(McpReply.json(200, answer), result, policy, "");
        } catch (UpstreamException e) {
            return new Outcome(McpReply.json(200, JsonRpc.result(call.id(), ToolResults.error(e.getMessage(), call.clientEra()))),
                    CallResult.UPSTREAM_ERROR, policy, e.getMessage());
        }
    }
}
