package io.naftiko.skipper.webhook.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.webhook.admission.AdmissionAnswer;
import io.naftiko.skipper.webhook.admission.AdmissionEndpoint;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The last answers this replica gave, newest first, for the dashboard's admission page: what was admitted and what
 * was denied, with the message the user saw. Bounded ({@value #CAPACITY}); messages are what the API server showed the
 * user anyway (field paths and rules, never a Secret's value).
 */
public final class RecentAdmissions {

    /** Answers kept. */
    public static final int CAPACITY = 200;
    private static final int MESSAGE_LIMIT = 2000;

    /**
     * One answer.
     *
     * @param at        when it was given
     * @param operation {@code mutate} or {@code validate}
     * @param kind      the kind admitted
     * @param object    {@code namespace/name}
     * @param outcome   {@code allowed}, {@code denied}, {@code bad_request} or {@code error}
     * @param message   the denial's message, or the warnings of an allowed answer, or empty
     */
    public record Entry(Instant at, String operation, String kind, String object, String outcome, String message) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final LongSupplier wallClockMillis;

    /** An empty record, timed by a wall clock in epoch milliseconds (the metrics registry's, in the server). */
    public RecentAdmissions(LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
    }

    /** Records an answer. */
    public void record(AdmissionEndpoint endpoint, AdmissionAnswer answer) {
        JsonNode response = answer.body().path("response");
        String message = response.path("status").path("message").asText("");
        if (message.isEmpty() && response.path("warnings").isArray()) {
            List<String> warnings = new ArrayList<>();
            response.path("warnings").forEach(w -> warnings.add(w.asText()));
            message = String.join("; ", warnings);
        }
        if (message.isEmpty()) {
            message = answer.body().path("message").asText("");
        }
        Entry entry = new Entry(Instant.ofEpochMilli(wallClockMillis.getAsLong()), endpoint.label(), answer.kind(), answer.object(), answer.outcome().label(),
                message.length() > MESSAGE_LIMIT ? message.substring(0, MESSAGE_LIMIT) + "…" : message);
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > CAPACITY) {
                entries.removeLast();
            }
        }
    }

    /** The answers kept, newest first. */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
