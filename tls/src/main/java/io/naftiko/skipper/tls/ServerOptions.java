package io.naftiko.skipper.tls;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Where a server command listens and what it serves: {@code --port}, {@code --host} and the certificate options. */
public final class ServerOptions {

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @ArgGroup(exclusive = true, multiplicity = "1")
    ServingCertificateOptions certificates;

    /** The port. */
    public int port() {
        return port;
    }

    /** The address. */
    public String host() {
        return host;
    }

    /**
     * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes {@code resources} in order, each even when
     * an earlier one failed.
     */
    public static void serveUntilStopped(String name, List<AutoCloseable> resources) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable resource : resources) {
                try {
                    resource.close();
                } catch (Exception e) {
                    // Shutting down: nothing left to tell.
                }
            }
            stopped.countDown();
        }, name + "-shutdown"));
        stopped.await();
    }

    /** The serving certificate's options. */
    public ServingCertificateOptions certificates() {
        return certificates;
    }
}
