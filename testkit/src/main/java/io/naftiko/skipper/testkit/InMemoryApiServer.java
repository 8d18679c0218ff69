package io.naftiko.skipper.testkit;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-memory Kubernetes API on loopback, for tests and {@code skipper demo}: fabric8's mock server in CRUD mode
 * (it stores and watches objects; it runs no controllers, no garbage collection and no defaulting, and no admission
 * unless one is set with {@link #admitWith}), with server-side apply added (see {@link ServerSideApplyDispatcher}) and faults that a test can inject.
 */
public final class InMemoryApiServer implements AutoCloseable {

    /** Held so the level set on it is not lost when the logger is collected. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final ServerSideApplyDispatcher dispatcher;

    private InMemoryApiServer(Clock clock) {
        MOCK_SERVER_LOG.setLevel(Level.OFF);
        this.dispatcher = new ServerSideApplyDispatcher(clock);
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    /** Starts a server on a free loopback port; {@code clock} stamps the managedFields entries it writes. */
    public static InMemoryApiServer start(Clock clock) {
        return new InMemoryApiServer(clock);
    }

    /** The loopback port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** A new client of this server (plain HTTP on loopback). */
    public KubernetesClient client() {
        return server.createClient();
    }

    /**
     * A client that does not retry a 5xx answer itself (fabric8 retries them by default), so that a pass sees an
     * injected 500 as a real outage would show it after the client gave up.
     */
    public KubernetesClient clientWithoutRetries() {
        return server.createClient(builder -> builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    /**
     * Answers the next {@code times} requests whose method and path (with its query) match with {@code code} and a
     * Status body, instead of serving them.
     *
     * @param pathPrefix e.g. {@code /api/v1/namespaces/skipper/secrets/skipper-webhook-tls}
     */
    public void fail(String method, String pathPrefix, int code, int times) {
        dispatcher.fail(method, pathPrefix, code, times);
    }

    /**
     * Answers every request whose method and path (with its query) match with {@code code} and {@code body}: for the
     * endpoints fabric8's CRUD mode does not serve, such as a pod's log.
     */
    public void respond(String method, String pathPrefix, int code, String body) {
        dispatcher.respond(method, pathPrefix, code, body);
    }

    /**
     * Sends every write from now on through {@code chain} (e.g. a {@link WebhookAdmission} to Skipper's webhook), as a
     * cluster with Skipper's webhook configurations would; without one, every write is admitted as it is.
     */
    public void admitWith(Admission chain) {
        dispatcher.admitWith(chain);
    }

    /** Every request received since the last call, as {@code METHOD path}, with its User-Agent. */
    public List<Request> takeRequests() throws InterruptedException {
        List<Request> requests = new ArrayList<>();
        for (RecordedRequest request = server.takeRequest(0, TimeUnit.MILLISECONDS); request != null;
             request = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
            requests.add(new Request(request.getMethod(), request.getPath(), request.getHeader("User-Agent")));
        }
        return requests;
    }

    /**
     * One request the server received.
     *
     * @param method      HTTP method
     * @param path        path and query
     * @param userAgent   the client's User-Agent
     */
    public record Request(String method, String path, String userAgent) {
    }

    @Override
    public void close() {
        server.destroy();
    }
}
