package io.naftiko.skipper.bundler.server;

import io.naftiko.skipper.bundler.WardenIdentity;
import java.util.Optional;

/**
 * Where OPA's decision logs ({@code POST /logs}) go once the bundle server has authenticated the Warden by its client
 * certificate and read the body within its size limit. The intake answers only after the events are stored, so a 2xx
 * tells OPA it may forget them and anything else makes it retry the same upload.
 */
public interface DecisionLogIntake {

    /** Refuses every upload: the bundle server of a process that collects no audit. */
    DecisionLogIntake NONE = new DecisionLogIntake() {
        @Override
        public Answer receive(WardenIdentity warden, Optional<String> contentEncoding, byte[] body) {
            return new Answer(404, "decision logs are not collected by this server", Optional.empty());
        }

        @Override
        public long maxBodyBytes() {
            return 1024;
        }
    };

    /**
     * The answer to one upload.
     *
     * @param status            the HTTP status: 200 once stored, 4xx for what OPA sent wrong, 429/503 to come back later
     * @param message           a short reason, never text taken from the events
     * @param retryAfterSeconds when to come back, for 429 and 503
     */
    record Answer(int status, String message, Optional<Integer> retryAfterSeconds) {
    }

    /**
     * Takes one upload.
     *
     * @param warden          the Warden the client certificate names (not what the events' labels claim)
     * @param contentEncoding the request's {@code Content-Encoding}, if any
     * @param body            the body as sent (gzip when the encoding says so), at most {@link #maxBodyBytes()}
     */
    Answer receive(WardenIdentity warden, Optional<String> contentEncoding, byte[] body);

    /** The largest body accepted as sent (compressed); a larger one is refused with 413 before it is read. */
    long maxBodyBytes();
}
