package io.naftiko.skipper.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which decisions to list, newest first: every filter is optional and they combine with AND.
 *
 * @param warden     {@code namespace/name} of one Warden
 * @param capability one capability: {@code name} or {@code namespace/name}
 * @param path       one policy path, exactly
 * @param result     one result
 * @param since      decisions at or after this instant
 * @param until      decisions before this instant
 * @param limit      at most this many (1 to {@link #MAX_LIMIT})
 * @param after      the page after this cursor
 */
public record DecisionQuery(Optional<String> warden, Optional<String> capability, Optional<String> path,
                            Optional<DecisionResult> result, Optional<Instant> since, Optional<Instant> until, int limit,
                            Optional<Cursor> after) {

    /** Decisions on one page when no limit is given. */
    public static final int DEFAULT_LIMIT = 50;
    /** The most decisions one page holds. */
    public static final int MAX_LIMIT = 500;
    private static final Set<String> PARAMETERS = Set.of("warden", "capability", "path", "result", "since", "until", "limit",
            "cursor");

    /** The newest decisions, unfiltered. */
    public static DecisionQuery newest(int limit) {
        return new DecisionQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), limit, Optional.empty());
    }

    /** The same query for the page after {@code cursor}. */
    public DecisionQuery after(Cursor cursor) {
        return new DecisionQuery(warden, capability, path, result, since, until, limit, Optional.of(cursor));
    }

    /** The same query for one result. */
    public DecisionQuery withResult(DecisionResult value) {
        return new DecisionQuery(warden, capability, path, Optional.of(value), since, until, limit, after);
    }

    /**
     * A query from {@code GET /audit/decisions} parameters.
     *
     * @param parameters the query string, each name with its values
     * @param now        the instant durations in {@code since}/{@code until} count back from
     * @throws AuditInputException naming the parameter that cannot be read
     */
    public static DecisionQuery fromParameters(Map<String, List<String>> parameters, Instant now) throws AuditInputException {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw new AuditInputException("unknown parameter " + parameter.getKey() + "; known: "
                        + String.join(", ", PARAMETERS.stream().sorted().toList()));
            }
            if (parameter.getValue().size() > 1) {
                throw new AuditInputException(parameter.getKey() + " is given " + parameter.getValue().size() + " times; give it once");
            }
        }
        Optional<DecisionResult> result = Optional.empty();
        Optional<String> resultLabel = single(parameters, "result");
        if (resultLabel.isPresent()) {
            result = Optional.of(DecisionResult.fromLabel(resultLabel.get()).orElseThrow(() -> new AuditInputException(
                    "result: " + resultLabel.get() + " is not one of allow, deny, error, undefined, value")));
        }
        Optional<Instant> since = bound(parameters, "since", now);
        Optional<Instant> until = bound(parameters, "until", now);
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw new AuditInputException("since (" + since.get() + ") must be before until (" + until.get() + ")");
        }
        int limit = DEFAULT_LIMIT;
        Optional<String> limitText = single(parameters, "limit");
        if (limitText.isPresent()) {
            try {
                limit = Integer.parseInt(limitText.get());
            } catch (NumberFormatException e) {
                limit = 0;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new AuditInputException("limit: " + limitText.get() + " is not a number from 1 to " + MAX_LIMIT);
            }
        }
        Optional<Cursor> after = Optional.empty();
        Optional<String> cursor = single(parameters, "cursor");
        if (cursor.isPresent()) {
            after = Optional.of(Cursor.decode(cursor.get()));
        }
        return new DecisionQuery(single(parameters, "warden"), single(parameters, "capability"), single(parameters, "path"), result,
                since, until, limit, after);
    }

    private static Optional<Instant> bound(Map<String, List<String>> parameters, String name, Instant now) throws AuditInputException {
        Optional<String> text = single(parameters, name);
        return text.isEmpty() ? Optional.empty() : Optional.of(TimeBound.parse(name, text.get(), now));
    }

    private static Optional<String> single(Map<String, List<String>> parameters, String name) {
        return Optional.ofNullable(parameters.get(name)).flatMap(values -> values.stream().findFirst()).filter(v -> !v.isEmpty());
    }
}
