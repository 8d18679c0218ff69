package io.naftiko.skipper.bench;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.util.concurrent.CountDownLatch;

/** The in-memory API server (fabric8's mock with server-side apply) in a process of its own, outside the reconciler's heap. */
public final class MockApiServer {

    private MockApiServer() {
    }

    /** Entry point: prints {@code port=N} once listening. */
    public static void main(String[] args) throws InterruptedException {
        InMemoryApiServer server = InMemoryApiServer.start(SystemClock.utc());
        System.out.println("port=" + server.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
