package io.naftiko.skipper.audit.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;

/**
 * The default store: an H2 database in one file ({@code decisions.mv.db} beside the path given), opened by this
 * process only (H2 locks the file, so a second replica pointed at the same volume fails at start instead of
 * corrupting it). Fine for one replica and the demo; a fleet with several replicas uses {@link PostgresAuditStore}.
 */
public final class EmbeddedAuditStore extends JdbcAuditStore {

    private EmbeddedAuditStore(HikariDataSource pool) {
        super(pool, "CHARACTER VARYING");
    }

    /**
     * Opens (creating and migrating if needed) the database at {@code file}.
     *
     * @param file the database's path without H2's {@code .mv.db} suffix
     */
    public static EmbeddedAuditStore open(Path file) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("audit-embedded");
        // MODE=PostgreSQL: the one SQL both stores speak; DB_CLOSE_ON_EXIT=FALSE: the pool closes it, not a JVM hook.
        config.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE");
        config.setUsername("skipper");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        return new EmbeddedAuditStore(new HikariDataSource(config));
    }

    @Override
    protected String skipHeld() {
        return "ON CONFLICT DO NOTHING";
    }

    @Override
    protected String boundedDelete(String condition, int rows) {
        // H2 limits a delete itself; an IN (subquery) form is evaluated row by row and takes minutes on 10,000 rows.
        return "DELETE FROM audit_decisions WHERE " + condition + " FETCH FIRST " + rows + " ROWS ONLY";
    }

    @Override
    public String kind() {
        return "embedded";
    }
}
