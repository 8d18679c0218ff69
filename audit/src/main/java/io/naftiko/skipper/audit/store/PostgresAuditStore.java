package io.naftiko.skipper.audit.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;

/**
 * The store of a fleet: PostgreSQL, shared by every replica (each one's intake writes to it; any one's queries read
 * all of it). Connections fail fast (5 s), so an outage answers uploads with 503 and OPA retries them later.
 */
public final class PostgresAuditStore extends JdbcAuditStore {

    private PostgresAuditStore(HikariDataSource pool) {
        super(pool, "TEXT");
    }

    /**
     * Connects (and migrates the schema if needed).
     *
     * @param jdbcUrl  {@code jdbc:postgresql://host:5432/database}, with driver options such as {@code sslmode} if wanted
     * @param user     the database user
     * @param password its password (from a Secret; never logged)
     * @param maxConnections connections this replica may hold
     */
    public static PostgresAuditStore open(String jdbcUrl, String user, String password, int maxConnections) {
        checkUrl(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setPoolName("audit-postgresql");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(maxConnections);
        config.setConnectionTimeout(5_000);
        // Retention deletes and summaries are the longest statements: none may hold a connection for minutes.
        config.addDataSourceProperty("options", "-c statement_timeout=60000");
        config.addDataSourceProperty("ApplicationName", "skipper-audit");
        // The pool may start while the database is still coming up; the first use reports the outage instead.
        config.setInitializationFailTimeout(-1);
        config.setMinimumIdle(1);
        return new PostgresAuditStore(new HikariDataSource(config));
    }

    /**
     * Refuses a URL this store cannot use, before anything connects.
     *
     * @throws IllegalArgumentException when it is not PostgreSQL's, or carries the password
     */
    public static void checkUrl(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the audit database URL must start with jdbc:postgresql:");
        }
        if (jdbcUrl.toLowerCase(Locale.ROOT).contains("password=")) {
            // A URL is printed in logs and errors; a password in it would be too.
            throw new IllegalArgumentException("the audit database URL must not carry the password: give it from a Secret");
        }
    }

    @Override
    protected String skipHeld() {
        return "ON CONFLICT (warden, decision_id) DO NOTHING";
    }

    @Override
    protected String boundedDelete(String condition, int rows) {
        // PostgreSQL's DELETE has no LIMIT: the rows are chosen by a subquery, which it runs as one semi-join.
        return "DELETE FROM audit_decisions WHERE id IN (SELECT id FROM audit_decisions WHERE " + condition + " LIMIT " + rows + ")";
    }

    @Override
    public String kind() {
        return "postgresql";
    }
}
