package io.naftiko.skipper.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one upload of OPA's decision-log API, a JSON array of events, as a stream: one event's tree at a time,
 * never the whole array's. Every event must carry a {@code decision_id} and a {@code timestamp}; a batch with one
 * that does not is refused as a whole (OPA sends what it logged, so a malformed event is a bug to see, not to skip).
 * An event larger than the per-event limit is kept without its {@code input} (and, if still too large, its
 * {@code result}), so one huge input cannot make OPA retry a batch forever.
 */
public final class DecisionLogParser {

    /** The label a Skipper-configured Warden puts on every event ({@code OpaConfiguration}). */
    public static final String WARDEN_LABEL = "warden";
    private static final int MAX_DECISION_ID = 128;
    private static final int MAX_PATH = 512;
    private static final int MAX_NAME = 253;
    private static final int MAX_SUBJECT = 512;
    private static final int MAX_BUNDLES = 32;

    private final Limits limits;
    private final FieldDrops drops;
    private final InputFields fields;
    /** One string in an event may be this long: a larger one is refused before it is held in memory. */
    private static final int MAX_STRING = 8 * 1024 * 1024;
    private final ObjectMapper json = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING).maxNestingDepth(200).build())
            .build()).build();

    /**
     * Bounds of one upload.
     *
     * @param maxEvents     events per upload
     * @param maxEventBytes bytes of one stored event; a larger one loses its input
     */
    public record Limits(int maxEvents, int maxEventBytes) {

        /** 10,000 events per upload, 256 KiB per stored event. */
        public static Limits defaults() {
            return new Limits(10_000, 256 * 1024);
        }
    }

    /**
     * Where in an event's input the capability and the subject are named (JSON pointers), so decisions can be
     * filed under them. The defaults are those of Skipper's own inputs (the gateway's {@code naftiko/gateway/allow}).
     *
     * @param capability          the capability's name
     * @param capabilityNamespace its namespace
     * @param subject             who asked
     */
    public record InputFields(String capability, String capabilityNamespace, String subject) {

        /** {@code /input/capability}, {@code /input/namespace}, {@code /input/subject}. */
        public static InputFields defaults() {
            return new InputFields("/input/capability", "/input/namespace", "/input/subject");
        }
    }

    /**
     * What an upload held.
     *
     * @param decisions       the decisions, in the upload's order
     * @param labelMismatches how many claimed another Warden in their labels than the certificate names
     * @param trimmed         how many were stored without their input because they were too large
     */
    public record Batch(List<Decision> decisions, int labelMismatches, int trimmed) {
    }

    /** A parser with these limits, drops and input fields. */
    public DecisionLogParser(Limits limits, FieldDrops drops, InputFields fields) {
        this.limits = limits;
        this.drops = drops;
        this.fields = fields;
    }

    /**
     * Parses an upload.
     *
     * @param body       the JSON, already expanded
     * @param warden     {@code namespace/name} of the Warden the client certificate names
     * @param receivedAt when the upload arrived
     * @throws AuditInputException naming what is wrong and where ({@code event [3]: …})
     * @throws IOException         when the stream itself fails (a size limit below it, for one)
     */
    public Batch parse(InputStream body, String warden, Instant receivedAt) throws AuditInputException, IOException {
        List<Decision> decisions = new ArrayList<>();
        int mismatches = 0;
        int trimmed = 0;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new AuditInputException("the body must be a JSON array of decision-log events");
            }
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                int index = decisions.size();
                if (token == null) {
                    throw new AuditInputException("the body ends inside the array of events");
                }
                if (index >= limits.maxEvents()) {
                    throw new AuditInputException("more than " + limits.maxEvents() + " events in one upload");
                }
                if (token != JsonToken.START_OBJECT) {
                    throw new AuditInputException("event [" + index + "] is not a JSON object");
                }
                ObjectNode event = parser.readValueAsTree();
                Parsed parsed = decision(event, index, warden, receivedAt);
                decisions.add(parsed.decision());
                mismatches += parsed.decision().labelsMismatch() ? 1 : 0;
                trimmed += parsed.trimmed() ? 1 : 0;
            }
            if (parser.nextToken() != null) {
                throw new AuditInputException("the body holds more than one JSON value");
            }
        } catch (StreamConstraintsException e) {
            throw new AuditInputException("an event holds a string longer than " + MAX_STRING + " characters or nests deeper than 200");
        } catch (JsonParseException e) {
            // Jackson's own message quotes the offending text, which may be part of an input: only the place is named.
            throw new AuditInputException("the body is not valid JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        }
        return new Batch(List.copyOf(decisions), mismatches, trimmed);
    }

    private record Parsed(Decision decision, boolean trimmed) {
    }

    private Parsed decision(ObjectNode event, int index, String warden, Instant receivedAt) throws AuditInputException {
        String where = "event [" + index + "]";
        String decisionId = text(event, "decision_id", where, true, MAX_DECISION_ID).orElseThrow();
        Instant decidedAt = timestamp(text(event, "timestamp", where, true, 64).orElseThrow(), where);
        String path = text(event, "path", where, false, MAX_PATH).orElse("");
        DecisionResult result = DecisionResult.of(event);
        boolean mismatch = event.path("labels").path(WARDEN_LABEL).isTextual()
                && !warden.equals(event.path("labels").path(WARDEN_LABEL).textValue());
        Map<String, String> bundles = bundles(event.get("bundles"), where);
        Optional<String> capability = pointed(event, fields.capability(), MAX_NAME);
        Optional<String> capabilityNamespace = pointed(event, fields.capabilityNamespace(), MAX_NAME);
        Optional<String> subject = pointed(event, fields.subject(), MAX_SUBJECT);
        drops.apply(event);
        String stored = write(event);
        boolean trimmed = false;
        if (stored.length() > limits.maxEventBytes() || stored.getBytes(StandardCharsets.UTF_8).length > limits.maxEventBytes()) {
            int original = stored.getBytes(StandardCharsets.UTF_8).length;
            trimmed = true;
            event.remove("input");
            event.remove("nd_builtin_cache");
            event.put("skipper_trimmed_bytes", original);
            stored = write(event);
            if (stored.getBytes(StandardCharsets.UTF_8).length > limits.maxEventBytes()) {
                event.remove("result");
                stored = write(event);
            }
        }
        Decision decision = new Decision(warden, decisionId, decidedAt, receivedAt, path, result, capabilityNamespace,
                capability, subject, bundles, mismatch, stored);
        return new Parsed(decision, trimmed);
    }

    private String write(ObjectNode event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always writes", e);
        }
    }

    private static Optional<String> text(ObjectNode event, String field, String where, boolean required, int maxLength)
            throws AuditInputException {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new AuditInputException(where + ": " + field + " is missing");
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new AuditInputException(where + ": " + field + " must be a string");
        }
        String text = value.textValue();
        if (required && text.isEmpty()) {
            throw new AuditInputException(where + ": " + field + " is empty");
        }
        if (text.length() > maxLength) {
            throw new AuditInputException(where + ": " + field + " is longer than " + maxLength + " characters");
        }
        return Optional.of(text);
    }

    private static Instant timestamp(String text, String where) throws AuditInputException {
        try {
            // Both stores keep microseconds: the decision read back is the decision stored.
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            // The value is not repeated: messages never carry text from an event.
            throw new AuditInputException(where + ": timestamp is not an RFC 3339 time with an offset");
        }
    }

    private static Map<String, String> bundles(JsonNode bundles, String where) throws AuditInputException {
        Map<String, String> revisions = new LinkedHashMap<>();
        if (bundles == null || bundles.isNull()) {
            return revisions;
        }
        if (!bundles.isObject()) {
            throw new AuditInputException(where + ": bundles must be an object of bundle name to {revision}");
        }
        if (bundles.size() > MAX_BUNDLES) {
            throw new AuditInputException(where + ": more than " + MAX_BUNDLES + " bundles");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = bundles.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            if (entry.getKey().length() > MAX_NAME) {
                throw new AuditInputException(where + ": a bundle name is longer than " + MAX_NAME + " characters");
            }
            JsonNode revision = entry.getValue().path("revision");
            String text = revision.isTextual() ? revision.textValue() : "";
            if (text.length() > MAX_PATH) {
                throw new AuditInputException(where + ": the revision of bundle " + entry.getKey() + " is longer than "
                        + MAX_PATH + " characters");
            }
            revisions.put(entry.getKey(), text);
        }
        return revisions;
    }

    /** A string the input names at a pointer, if it is a string short enough to file under. */
    private static Optional<String> pointed(ObjectNode event, String pointer, int maxLength) {
        JsonNode value = event.at(pointer);
        return value.isTextual() && !value.textValue().isEmpty() && value.textValue().length() <= maxLength
                ? Optional.of(value.textValue()) : Optional.empty();
    }
}
