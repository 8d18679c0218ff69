package io.naftiko.skipper.operator.audit;

import io.naftiko.skipper.audit.intake.IntakeLimits;
import io.naftiko.skipper.audit.store.Retention;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where the audit keeps decisions and how much.
 *
 * @param databaseUrl   PostgreSQL's JDBC URL; empty: the embedded file database
 * @param databaseUser  PostgreSQL's user
 * @param databasePassword PostgreSQL's password (from a Secret; never logged)
 * @param embeddedFile  the embedded database's file (without H2's {@code .mv.db})
 * @param queryPort     the loopback port of the read API (0 picks a free one)
 * @param retention     how long and how much is kept
 * @param dropFields    JSON pointers removed from every event before storage
 * @param limits        what one Warden may send
 */
public record AuditOptions(Optional<String> databaseUrl, String databaseUser, String databasePassword, Path embeddedFile,
                           int queryPort, Retention retention, List<String> dropFields, IntakeLimits limits) {

    /** The read API's port in the chart. */
    public static final int QUERY_PORT = 8445;

    /** An embedded database in {@code file}, the read API on {@code queryPort}, default retention and limits. */
    public static AuditOptions embedded(Path file, int queryPort) {
        return new AuditOptions(Optional.empty(), "", "", file, queryPort, Retention.defaults(), List.of(), IntakeLimits.defaults());
    }

    /** A password never shows in a log or an exception message, even when these options are printed. */
    @Override
    public String toString() {
        return "AuditOptions[store=" + databaseUrl.map(url -> "postgresql " + url).orElse("embedded " + embeddedFile) + ", queryPort="
                + queryPort + ", retention=" + retention + ", dropFields=" + dropFields + "]";
    }
}
