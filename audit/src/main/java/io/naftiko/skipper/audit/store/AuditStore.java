package io.naftiko.skipper.audit.store;

import io.naftiko.skipper.audit.Decision;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionQuery;
import io.naftiko.skipper.audit.SummaryRow;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where decisions are kept: an embedded database in a file ({@link EmbeddedAuditStore}: one replica, the demo) or
 * PostgreSQL ({@link PostgresAuditStore}: several replicas, a fleet), with one schema and one set of migrations.
 * Every method either completes or throws {@link AuditStoreException}; nothing is half stored.
 */
public interface AuditStore extends AutoCloseable {

    /**
     * How one call to {@link #store} went.
     *
     * @param stored     the {@code decision_id}s new to the store
     * @param duplicates decisions it already held (same Warden, same {@code decision_id}): a retried upload
     */
    record Outcome(Set<String> stored, int duplicates) {
    }

    /**
     * Stores decisions in one transaction: all of them are durable when this returns, or none is. A decision already
     * held is skipped, so a retried upload stores nothing twice.
     */
    Outcome store(List<Decision> decisions) throws AuditStoreException;

    /** A page of decisions, newest first (by decision time, then arrival). */
    DecisionPage find(DecisionQuery query) throws AuditStoreException;

    /** Counts per Warden, path and result of the decisions in {@code [since, until)}, largest first. */
    List<SummaryRow> summarize(Instant since, Instant until) throws AuditStoreException;

    /** Deletes what retention no longer keeps, in bounded batches. */
    Retention.Outcome enforce(Retention retention, Instant now) throws AuditStoreException;

    /** Connects and brings the schema up to date; every other method does so first if it has not been done. */
    void migrate() throws AuditStoreException;

    /** Which implementation this is, for logs and the docs' tables: {@code embedded} or {@code postgresql}. */
    String kind();

    /** Closes the connections (and, for the embedded store, the file). */
    @Override
    void close();
}
