package io.naftiko.skipper.audit.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.audit.Cursor;
import io.naftiko.skipper.audit.Decision;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionQuery;
import io.naftiko.skipper.audit.DecisionResult;
import io.naftiko.skipper.audit.SummaryRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The SQL both stores share: one schema migrated by Flyway (which also keeps two replicas from migrating at once),
 * inserts as multi-row statements that skip what is already held, keyset paging on (time, id), and retention in
 * bounded batches. The subclasses say how to connect and how the one SQL dialect difference is spelled.
 */
abstract class JdbcAuditStore implements AuditStore {

    /** Rows per insert statement: 13 parameters each stays far below every driver's parameter limit. */
    private static final int ROWS_PER_INSERT = 500;
    /** Rows per delete statement, so one retention pass never holds a huge transaction. */
    private static final int ROWS_PER_DELETE = 10_000;
    private static final int MAX_SUMMARY_ROWS = 1_000;
    /** The longest a query may run: a summary over a year of a large fleet is cut off, not left to hold a connection. */
    private static final int QUERY_TIMEOUT_SECONDS = 30;
    private static final String COLUMNS = "warden, decision_id, decided_at, received_at, path, result, capability_namespace, "
            + "capability, subject, bundles, labels_mismatch, event";
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final TypeReference<Map<String, String>> REVISIONS = new TypeReference<>() {
    };

    private final HikariDataSource pool;
    private final String eventType;
    private final ObjectMapper json = Mappers.json();
    private volatile boolean migrated;

    /** A store over a pool; the schema is migrated on first use, so a database that is down delays only the audit. */
    JdbcAuditStore(HikariDataSource pool, String eventType) {
        this.pool = pool;
        this.eventType = eventType;
    }

    /** Migrates the schema once; until it has worked, every call tries again (and fails as the outage it is). */
    private Connection connection() throws SQLException, AuditStoreException {
        if (!migrated) {
            synchronized (this) {
                if (!migrated) {
                    try {
                        Flyway.configure().dataSource(pool).locations("classpath:db/audit").table("audit_schema_history")
                                .placeholders(Map.of("event_type", eventType)).load().migrate();
                    } catch (FlywayException e) {
                        throw new AuditStoreException("the " + kind() + " audit store's schema could not be migrated: "
                                + e.getMessage(), null);
                    }
                    migrated = true;
                }
            }
        }
        return pool.getConnection();
    }

    @Override
    public void migrate() throws AuditStoreException {
        try (Connection connection = connection()) {
            connection.isValid(1);
        } catch (SQLException e) {
            throw failure("connect", e);
        }
    }

    @Override
    public Outcome store(List<Decision> decisions) throws AuditStoreException {
        if (decisions.isEmpty()) {
            return new Outcome(Set.of(), 0);
        }
        try (Connection connection = connection()) {
            connection.setAutoCommit(false);
            try {
                Set<String> stored = new HashSet<>();
                for (int from = 0; from < decisions.size(); from += ROWS_PER_INSERT) {
                    List<Decision> chunk = decisions.subList(from, Math.min(decisions.size(), from + ROWS_PER_INSERT));
                    String sql = "INSERT INTO audit_decisions (" + COLUMNS + ") VALUES "
                            + String.join(", ", Collections.nCopies(chunk.size(), ROW)) + " " + skipHeld();
                    // The generated keys of a skipping insert are the rows it inserted: which decisions were new.
                    try (PreparedStatement insert = connection.prepareStatement(sql, new String[] {"decision_id"})) {
                        int parameter = 1;
                        for (Decision decision : chunk) {
                            parameter = bind(insert, parameter, decision);
                        }
                        insert.executeUpdate();
                        try (ResultSet inserted = insert.getGeneratedKeys()) {
                            while (inserted.next()) {
                                stored.add(inserted.getString(1));
                            }
                        }
                    }
                }
                connection.commit();
                return new Outcome(Set.copyOf(stored), decisions.size() - stored.size());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw failure("store decisions", e);
        }
    }

    /** A delete of at most {@code rows} rows of {@code audit_decisions} matching {@code condition} (any of them). */
    protected abstract String boundedDelete(String condition, int rows);

    /** The clause that makes an insert skip a row whose (warden, decision_id) is already held. */
    protected abstract String skipHeld();

    private int bind(PreparedStatement insert, int first, Decision decision) throws SQLException {
        int parameter = first;
        insert.setString(parameter++, decision.warden());
        insert.setString(parameter++, decision.decisionId());
        insert.setObject(parameter++, utc(decision.decidedAt()));
        insert.setObject(parameter++, utc(decision.receivedAt()));
        insert.setString(parameter++, decision.path());
        insert.setString(parameter++, decision.result().label());
        insert.setString(parameter++, decision.capabilityNamespace().orElse(null));
        insert.setString(parameter++, decision.capability().orElse(null));
        insert.setString(parameter++, decision.subject().orElse(null));
        insert.setString(parameter++, write(decision.bundles()));
        insert.setBoolean(parameter++, decision.labelsMismatch());
        insert.setString(parameter++, decision.event());
        return parameter;
    }

    @Override
    public DecisionPage find(DecisionQuery query) throws AuditStoreException {
        List<String> where = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        query.warden().ifPresent(warden -> condition(where, parameters, "warden = ?", warden));
        query.capability().ifPresent(capability -> {
            int slash = capability.indexOf('/');
            if (slash > 0) {
                condition(where, parameters, "capability_namespace = ?", capability.substring(0, slash));
                condition(where, parameters, "capability = ?", capability.substring(slash + 1));
            } else {
                condition(where, parameters, "capability = ?", capability);
            }
        });
        query.path().ifPresent(path -> condition(where, parameters, "path = ?", path));
        query.result().ifPresent(result -> condition(where, parameters, "result = ?", result.label()));
        query.since().ifPresent(since -> condition(where, parameters, "decided_at >= ?", utc(since)));
        query.until().ifPresent(until -> condition(where, parameters, "decided_at < ?", utc(until)));
        query.after().ifPresent(cursor -> {
            // Spelled out rather than as a row comparison, which not every planner turns into an index range.
            where.add("(decided_at < ? OR (decided_at = ? AND id < ?))");
            parameters.add(utc(cursor.decidedAt()));
            parameters.add(utc(cursor.decidedAt()));
            parameters.add(cursor.id());
        });
        String sql = "SELECT id, " + COLUMNS + " FROM audit_decisions"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY decided_at DESC, id DESC LIMIT " + (query.limit() + 1);
        try (Connection connection = connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<DecisionPage.StoredDecision> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new DecisionPage.StoredDecision(result.getLong("id"), decision(result)));
                }
            }
            if (rows.size() <= query.limit()) {
                return new DecisionPage(List.copyOf(rows), Optional.empty());
            }
            List<DecisionPage.StoredDecision> page = List.copyOf(rows.subList(0, query.limit()));
            DecisionPage.StoredDecision last = page.get(page.size() - 1);
            return new DecisionPage(page, Optional.of(new Cursor(last.decision().decidedAt(), last.id())));
        } catch (SQLException e) {
            throw failure("find decisions", e);
        }
    }

    private static void condition(List<String> where, List<Object> parameters, String clause, Object value) {
        where.add(clause);
        parameters.add(value);
    }

    private Decision decision(ResultSet row) throws SQLException {
        return new Decision(row.getString("warden"), row.getString("decision_id"),
                row.getObject("decided_at", OffsetDateTime.class).toInstant(),
                row.getObject("received_at", OffsetDateTime.class).toInstant(), row.getString("path"),
                DecisionResult.fromLabel(row.getString("result")).orElse(DecisionResult.VALUE),
                Optional.ofNullable(row.getString("capability_namespace")), Optional.ofNullable(row.getString("capability")),
                Optional.ofNullable(row.getString("subject")), read(row.getString("bundles")), row.getBoolean("labels_mismatch"),
                row.getString("event"));
    }

    @Override
    public List<SummaryRow> summarize(Instant since, Instant until) throws AuditStoreException {
        String sql = "SELECT warden, path, result, COUNT(*) AS decisions FROM audit_decisions WHERE decided_at >= ? AND decided_at < ?"
                + " GROUP BY warden, path, result ORDER BY decisions DESC, warden, path, result LIMIT " + MAX_SUMMARY_ROWS;
        try (Connection connection = connection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            select.setObject(1, utc(since));
            select.setObject(2, utc(until));
            List<SummaryRow> rows = new ArrayList<>();
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new SummaryRow(result.getString("warden"), result.getString("path"),
                            DecisionResult.fromLabel(result.getString("result")).orElse(DecisionResult.VALUE),
                            result.getLong("decisions")));
                }
            }
            return List.copyOf(rows);
        } catch (SQLException e) {
            throw failure("summarize decisions", e);
        }
    }

    @Override
    public Retention.Outcome enforce(Retention retention, Instant now) throws AuditStoreException {
        try (Connection connection = connection()) {
            long byAge = deleteInBatches(connection, boundedDelete("decided_at < ?", ROWS_PER_DELETE), utc(now.minus(retention.maxAge())));
            long bySize = 0;
            Optional<Long> oldestKept = oldestKept(connection, retention.maxDecisions());
            if (oldestKept.isPresent()) {
                bySize = deleteInBatches(connection, boundedDelete("id < ?", ROWS_PER_DELETE), oldestKept.get());
            }
            return new Retention.Outcome(byAge, bySize);
        } catch (SQLException e) {
            throw failure("enforce retention", e);
        }
    }

    /** The id of the oldest decision the size limit keeps, when there are more than it keeps. */
    private static Optional<Long> oldestKept(Connection connection, long maxDecisions) throws SQLException {
        try (PreparedStatement bounds = connection.prepareStatement("SELECT MIN(id), MAX(id) FROM audit_decisions");
             ResultSet range = bounds.executeQuery()) {
            // Ids only grow, so max - min + 1 bounds the count from above: below the limit, nothing need be counted.
            if (!range.next() || range.getObject(1) == null || range.getLong(2) - range.getLong(1) + 1 <= maxDecisions) {
                return Optional.empty();
            }
        }
        try (PreparedStatement nth = connection.prepareStatement(
                "SELECT id FROM audit_decisions ORDER BY id DESC OFFSET ? ROWS FETCH FIRST 1 ROW ONLY")) {
            nth.setLong(1, maxDecisions - 1);
            try (ResultSet row = nth.executeQuery()) {
                return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
            }
        }
    }

    private static long deleteInBatches(Connection connection, String sql, Object bound) throws SQLException {
        long deleted = 0;
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setObject(1, bound);
            int batch;
            do {
                batch = delete.executeUpdate();
                deleted += batch;
            } while (batch == ROWS_PER_DELETE);
        }
        return deleted;
    }

    private String write(Map<String, String> bundles) {
        try {
            return json.writeValueAsString(bundles);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always writes", e);
        }
    }

    private Map<String, String> read(String bundles) {
        try {
            return json.readValue(bundles, REVISIONS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * A failure named by what was being done and the SQL state. The database's own message is kept only for a
     * connection failure: a refused insert's message can quote the row, and rows hold inputs (so
     * neither it nor its cause's stack trace may reach a log).
     */
    private AuditStoreException failure(String doing, SQLException e) {
        String state = Optional.ofNullable(e.getSQLState()).orElse("none");
        boolean connection = e instanceof SQLTransientConnectionException || state.startsWith("08");
        return new AuditStoreException("the " + kind() + " audit store could not " + doing + " (SQL state " + state + ")"
                + (connection ? ": " + e.getMessage() : ""), connection ? e : null);
    }

    @Override
    public void close() {
        pool.close();
    }
}
