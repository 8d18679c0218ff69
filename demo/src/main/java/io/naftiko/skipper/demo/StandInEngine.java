package io.naftiko.skipper.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.CredentialSource;
import io.naftiko.skipper.gateway.inventory.DocumentTools;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.gateway.mcp.JsonRpc;
import io.naftiko.skipper.gateway.mcp.McpEndpoint;
import io.naftiko.skipper.gateway.mcp.McpReply;
import io.naftiko.skipper.gateway.mcp.McpRequest;
import io.naftiko.skipper.gateway.mcp.SessionTokens;
import io.naftiko.skipper.gateway.mcp.ToolResults;
import io.naftiko.skipper.gateway.server.GatewayServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in for the ikanos engine's MCP expose where no container can run (the demo, the gateway benchmark): plain
 * HTTP on localhost, the document's tools over MCP (both eras, through the gateway's own protocol code), each call
 * answered with the tool's name and arguments, and 401 without the document's bearer token, as the engine does.
 */
public final class StandInEngine implements AutoCloseable {

    private final Javalin server;

    private StandInEngine(Javalin server) {
        this.server = server;
    }

    /** Starts one on a free port. */
    public static StandInEngine start(String namespace, String capability, IkanosDocument document, String token, Clock clock) {
        Inventory tools = Inventory.of(List.of(new CapabilityTarget(namespace, capability, "", Optional.empty(), Optional.empty(),
                Health.ready(), new CredentialSource.None(), DocumentTools.of(document), false)));
        McpEndpoint endpoint = new McpEndpoint(() -> tools, call -> {
            String arguments;
            try {
                arguments = Mappers.json().readTree(call.body()).path("params").path("arguments").toString();
            } catch (IOException e) {
                arguments = "{}";
            }
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.putArray("content").addObject().put("type", "text").put("text", "stand-in " + capability + " ran "
                    + call.tool().tool().name() + " with " + arguments);
            return McpReply.json(200, JsonRpc.result(call.id(), ToolResults.complete(result, call.clientEra())));
        }, SessionTokens.randomKey(clock, Duration.ofHours(1)), "stand-in");
        Javalin server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.post("/mcp", ctx -> {
                if (!("Bearer " + token).equals(ctx.header("Authorization"))) {
                    ctx.status(401).result("unauthorized");
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>(ctx.headerMap());
                GatewayServer.reply(ctx, endpoint.handle(McpRequest.of("POST", headers, ctx.bodyAsBytes(), "gateway")));
            });
        }).start("127.0.0.1", 0);
        return new StandInEngine(server);
    }

    /** Its MCP endpoint. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port() + "/mcp");
    }

    @Override
    public void close() {
        server.stop();
    }
}
