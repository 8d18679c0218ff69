package io.naftiko.skipper.tls;

import java.time.Duration;

/**
 * What one client may hold of an HTTPS server, so that slow or greedy clients cannot take it down for the others.
 *
 * @param idleTimeout       how long a connection may stay silent between two reads
 * @param requestDeadline   how long reading one request body may take in all
 * @param minBytesPerSecond the slowest a request body may arrive (Jetty cuts a slower one off with 408), so a
 *                          trickled body cannot hold a thread for long
 * @param maxConnections    connections open at once; more wait in the accept queue
 * @param maxBodyBytes      the largest request body; a larger one gets 413 before it is read
 * @param bytesInFlight     the bodies being read or handled at once, in bytes, across all requests; over it a request
 *                          gets 503 with {@code Retry-After} before its body is read
 * @param bodiesInFlight    requests reading or handling a body at once; each holds a server thread, so this keeps
 *                          threads free for health checks and small requests however many slow clients there are
 */
public record ServerLimits(Duration idleTimeout, Duration requestDeadline, long minBytesPerSecond, int maxConnections,
                           long maxBodyBytes, long bytesInFlight, int bodiesInFlight) {

    /**
     * The admission webhook's: 8 MiB bodies (a 7 MB object with its review), 24 MiB of them in flight (about three
     * large reviews at once, which with their parsed trees fit a 384 MB heap), 64 bodies at once (of Jetty's 200
     * threads), 10 s idle, 15 s per body (the API server gives up after the webhook's 5–30 s timeout anyway), at least
     * 16 KiB/s, 512 connections.
     */
    public static ServerLimits webhookDefaults() {
        return new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(15), 16 * 1024, 512, 8L * 1024 * 1024,
                24L * 1024 * 1024, 64);
    }

    /** The same limits with another idle timeout (a long-poll server keeps silent connections by design). */
    public ServerLimits withIdleTimeout(Duration timeout) {
        return new ServerLimits(timeout, requestDeadline, minBytesPerSecond, maxConnections, maxBodyBytes, bytesInFlight,
                bodiesInFlight);
    }

    /** The same limits with another cap on open connections. */
    public ServerLimits withConnections(int connections) {
        return new ServerLimits(idleTimeout, requestDeadline, minBytesPerSecond, connections, maxBodyBytes, bytesInFlight,
                bodiesInFlight);
    }

    /** The same limits with another largest body and budget of bodies in flight. */
    public ServerLimits withBodies(long maxBody, long inFlight) {
        return new ServerLimits(idleTimeout, requestDeadline, minBytesPerSecond, maxConnections, maxBody, inFlight, bodiesInFlight);
    }
}
