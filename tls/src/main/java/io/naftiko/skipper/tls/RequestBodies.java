package io.naftiko.skipper.tls;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * The one way Skipper's servers read a request body: its size is checked before reading (as a long, so a
 * {@code Content-Length} of 3 GB is a 413, not an overflow), a share of the server's budget of bytes in flight is
 * taken first (none left: 503 with {@code Retry-After}), the whole body must arrive within the deadline, and every
 * way it can fail is a status code with a reason, never a silent 200.
 */
public final class RequestBodies {

    /** Seconds a client is asked to wait when the budget is spent. */
    public static final int RETRY_AFTER_SECONDS = 1;
    private static final int KIB = 1024;
    private static final int CHUNK = 64 * KIB;
    /** The minimum rate is judged after a body's first second, so a short pause at its start is no offence. */
    private static final long GRACE_NANOS = 1_000_000_000L;

    private final ServerLimits limits;
    private final Semaphore budget;
    private final Semaphore readers;

    /** Bodies read within {@code limits}. */
    public RequestBodies(ServerLimits limits) {
        this.limits = limits;
        this.budget = new Semaphore((int) Math.min(Integer.MAX_VALUE, limits.bytesInFlight() / KIB));
        this.readers = new Semaphore(limits.bodiesInFlight());
    }

    /**
     * The outcome of reading a body: the bytes (then {@link #close()} returns its share of the budget once the
     * request is answered), or why not.
     *
     * @param bytes       the body, when it was read
     * @param status      the HTTP status to answer when it was not (400, 408, 413, 503)
     * @param reason      a short, fixed reason for the answer and the log; never text from the client
     * @param release     returns the body's share of the budget
     */
    public record Body(Optional<byte[]> bytes, int status, String reason, Runnable release) implements AutoCloseable {

        /** Whether the body was read. */
        public boolean isRead() {
            return bytes.isPresent();
        }

        /** Returns the body's share of the budget. */
        @Override
        public void close() {
            release.run();
        }
    }

    /** Bytes of bodies being read or handled now, for a gauge. */
    public long bytesInFlight() {
        return (limits.bytesInFlight() / KIB - budget.availablePermits()) * (long) KIB;
    }

    /**
     * Reads the body of a request served by Jetty. While it is read, the connection's idle timeout is at most the
     * request deadline, so a client that sends headers and then nothing cannot hold a thread for the connector's
     * (possibly long, for long polls) idle timeout.
     */
    public Body read(HttpServletRequest request) {
        EndPoint endPoint = ServletContextRequest.getServletContextRequest(request).getConnectionMetaData().getConnection().getEndPoint();
        long idle = endPoint.getIdleTimeout();
        endPoint.setIdleTimeout(Math.min(idle, limits.requestDeadline().toMillis()));
        try {
            return read(request.getContentLengthLong(), request.getInputStream());
        } catch (IOException e) {
            return refused(400, "the request body cannot be read");
        } finally {
            endPoint.setIdleTimeout(idle);
        }
    }

    /**
     * Reads a body.
     *
     * @param declaredLength the request's Content-Length, or -1 when it has none (chunked)
     * @param in             the body
     */
    public Body read(long declaredLength, InputStream in) {
        long limit = limits.maxBodyBytes();
        if (declaredLength > limit) {
            return refused(413, "the request body of " + declaredLength + " bytes exceeds the limit of " + limit + " bytes");
        }
        long size = declaredLength >= 0 ? declaredLength : limit;
        int permits = (int) Math.max(1, (size + KIB - 1) / KIB);
        if (!readers.tryAcquire()) {
            return refused(503, "the server is reading as many request bodies as it may at once; retry in "
                    + RETRY_AFTER_SECONDS + " s");
        }
        if (!budget.tryAcquire(permits)) {
            readers.release();
            return refused(503, "the server holds as many bytes of request bodies as it may at once; retry in "
                    + RETRY_AFTER_SECONDS + " s");
        }
        Runnable release = () -> {
            budget.release(permits);
            readers.release();
        };
        try {
            byte[] bytes = declaredLength >= 0 ? readExactly(in, (int) declaredLength) : readUpTo(in, limit);
            return new Body(Optional.of(bytes), 200, "", release);
        } catch (TooLarge e) {
            release.run();
            return refused(413, "the request body exceeds the limit of " + limit + " bytes");
        } catch (TooSlow e) {
            release.run();
            return refused(408, "the request body arrived slower than " + limits.minBytesPerSecond() + " bytes/s");
        } catch (TimeoutException e) {
            release.run();
            return refused(408, "the request body did not arrive within " + limits.requestDeadline().toSeconds() + " s");
        } catch (IOException | RuntimeException e) {
            release.run();
            return refused(isTimeout(e) ? 408 : 400, isTimeout(e)
                    ? "the request body arrived too slowly (under " + limits.minBytesPerSecond() + " bytes/s) or stalled"
                    : "the request body is malformed or was cut off");
        }
    }

    private byte[] readExactly(InputStream in, int length) throws IOException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + limits.requestDeadline().toNanos();
        byte[] bytes = new byte[length];
        int read = 0;
        while (read < length) {
            int n = in.read(bytes, read, Math.min(CHUNK, length - read));
            if (n < 0) {
                throw new IOException("the body ended before its Content-Length");
            }
            read += n;
            checkPace(started, deadline, read);
        }
        return bytes;
    }

    private byte[] readUpTo(InputStream in, long limit) throws IOException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + limits.requestDeadline().toNanos();
        byte[] bytes = new byte[CHUNK];
        int read = 0;
        for (int n = in.read(bytes, 0, bytes.length); n >= 0; n = in.read(bytes, read, bytes.length - read)) {
            read += n;
            if (read > limit) {
                throw new TooLarge();
            }
            if (read == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(limit + 1, (long) bytes.length * 2));
            }
            checkPace(started, deadline, read);
        }
        return Arrays.copyOf(bytes, read);
    }

    /** The whole body within the deadline, and after its first second at least the minimum rate. */
    private void checkPace(long started, long deadline, long read) throws IOException, TimeoutException {
        long now = System.nanoTime();
        if (now > deadline) {
            throw new TimeoutException("deadline");
        }
        long elapsed = now - started;
        if (elapsed > GRACE_NANOS && read * 1_000_000_000L / elapsed < limits.minBytesPerSecond()) {
            throw new TooSlow();
        }
    }

    /** Jetty reports a body below the minimum data rate, or idle past the timeout, as a timeout of some kind. */
    private static boolean isTimeout(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String name = cause.getClass().getSimpleName();
            if (cause instanceof TimeoutException || name.contains("Timeout") || String.valueOf(cause.getMessage()).contains("408")) {
                return true;
            }
        }
        return false;
    }

    private static Body refused(int status, String reason) {
        return new Body(Optional.empty(), status, reason, () -> { });
    }

    private static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlow() {
            super("body too slow", null);
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("body too large", null);
        }
    }
}
