package io.naftiko.skipper.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The fabric8 mock API server (CRUD mode) in a process of its own, so it does not count in the reconciler's heap. */
public final class MockApiServer {

    private MockApiServer() {
    }

    /** Entry point: prints {@code port=N} once listening. */
    public static void main(String[] args) throws InterruptedException {
        Logger.getLogger("io.fabric8.mockwebserver").setLevel(Level.OFF);
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        System.out.println("port=" + server.getPort());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
