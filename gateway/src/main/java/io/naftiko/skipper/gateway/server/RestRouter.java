package io.naftiko.skipper.gateway.server;

import io.javalin.http.Context;
import io.naftiko.skipper.gateway.inventory.CapabilityTarget;
import io.naftiko.skipper.gateway.inventory.Health;
import io.naftiko.skipper.gateway.inventory.Inventory;
import io.naftiko.skipper.tls.RequestBodies;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The built-in router, for clusters without Gateway API: {@code /{namespace}/{capability}/rest-of-path} goes to that
 * capability's REST port with the prefix removed, as the {@code HTTPRoute} the reconciler writes would send it. The
 * client's headers go along (the capability's own REST authentication applies, as behind any Gateway); hop-by-hop
 * headers do not. Only Ready capabilities are routed to (503 otherwise); bodies both ways are bounded.
 */
public final class RestRouter {

    /** The largest answer relayed. */
    public static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

    private final Supplier<Inventory> inventory;
    private final HttpClient http;
    private final Duration timeout;

    /** A router over the inventory's capabilities. */
    public RestRouter(Supplier<Inventory> inventory, HttpClient http, Duration timeout) {
        this.inventory = inventory;
        this.http = http;
        this.timeout = timeout;
    }

    void route(Context ctx, RequestBodies bodies) {
        String namespace = ctx.pathParam("namespace");
        String capability = ctx.pathParam("capability");
        Optional<CapabilityTarget> target = inventory.get().target(namespace, capability).filter(t -> t.rest().isPresent());
        if (target.isEmpty()) {
            ctx.status(404).contentType("application/json").result(GatewayServer.error("no capability " + namespace + "/" + capability
                    + " with a REST expose in the gateway's scope"));
            return;
        }
        if (!target.get().health().isReady() && target.get().health().state() != Health.State.NO_CREDENTIALS) {
            ctx.status(503).header("Retry-After", "5").contentType("application/json").result(GatewayServer.error("capability "
                    + target.get().key() + " is " + target.get().health().state().word() + ": " + target.get().health().reason()));
            return;
        }
        String path = ctx.path().substring(("/" + namespace + "/" + capability).length());
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        URI base = target.get().rest().orElseThrow();
        URI uri = URI.create(base.toString().replaceAll("/$", "") + (path.isEmpty() ? "/" : path) + query);
        try (RequestBodies.Body body = bodies.read(ctx.req())) {
            if (!body.isRead()) {
                ctx.status(body.status()).contentType("application/json").result(GatewayServer.error(body.reason()));
                return;
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .method(ctx.method().name(), body.bytes().orElseThrow().length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body.bytes().orElseThrow()));
            ctx.headerMap().forEach((name, value) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    request.header(name, value);
                }
            });
            request.header("X-Forwarded-Prefix", "/" + namespace + "/" + capability);
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] answer;
            try (InputStream in = response.body()) {
                answer = in.readNBytes((int) MAX_ANSWER_BYTES + 1);
            }
            if (answer.length > MAX_ANSWER_BYTES) {
                ctx.status(502).contentType("application/json").result(GatewayServer.error("the capability's answer exceeds "
                        + MAX_ANSWER_BYTES + " bytes"));
                return;
            }
            ctx.status(response.statusCode());
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(v -> ctx.res().addHeader(name, v));
                }
            });
            ctx.result(answer);
        } catch (IOException e) {
            ctx.status(502).contentType("application/json").result(GatewayServer.error("capability " + target.get().key()
                    + " is unreachable: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.status(503).result(GatewayServer.error("interrupted"));
        } catch (IllegalArgumentException e) {
            ctx.status(400).contentType("application/json").result(GatewayServer.error("the request cannot be forwarded: " + e.getMessage()));
        }
    }
}
