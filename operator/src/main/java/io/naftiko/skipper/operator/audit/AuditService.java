package io.naftiko.skipper.operator.audit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.DecisionLogParser;
import io.naftiko.skipper.audit.FieldDrops;
import io.naftiko.skipper.audit.intake.DecisionLogReceiver;
import io.naftiko.skipper.audit.query.AuditQueryServer;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.AuditStoreException;
import io.naftiko.skipper.audit.store.EmbeddedAuditStore;
import io.naftiko.skipper.audit.store.PostgresAuditStore;
import io.naftiko.skipper.audit.store.Retention;
import io.naftiko.skipper.bundler.server.DecisionLogIntake;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit on one replica: the store, the intake the bundle server hands {@code POST /logs} to, the loopback read
 * API, and the retention pass. A store that cannot be reached at start does not stop the operator: uploads are
 * answered 503 (OPA keeps and retries them) until it can.
 */
public final class AuditService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

    private final AuditStore store;
    private final DecisionLogReceiver receiver;
    private final AuditQueryServer queries;
    private final Retention retention;
    private final Clock clock;
    private final AtomicLong deleted = new AtomicLong();

    private AuditService(AuditStore store, DecisionLogReceiver receiver, AuditQueryServer queries, Retention retention, Clock clock) {
        this.store = store;
        this.receiver = receiver;
        this.queries = queries;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Opens the store and starts the read API.
     *
     * @throws IllegalArgumentException when a field to drop is not a JSON pointer the audit accepts, or the URL is refused
     */
    public static AuditService start(AuditOptions options, MeterRegistry registry, Clock clock) {
        FieldDrops drops;
        try {
            drops = FieldDrops.of(options.dropFields());
        } catch (AuditInputException e) {
            throw new IllegalArgumentException("--audit-drop-fields: " + e.getMessage(), e);
        }
        AuditStore store = options.databaseUrl()
                .<AuditStore>map(url -> PostgresAuditStore.open(url, options.databaseUser(), options.databasePassword(), 8))
                .orElseGet(() -> EmbeddedAuditStore.open(options.embeddedFile()));
        try {
            store.migrate();
            LOG.info("audit store: {} ({})", store.kind(), options.databaseUrl().map(AuditService::withoutParameters)
                    .orElse(options.embeddedFile() + ".mv.db"));
        } catch (AuditStoreException e) {
            LOG.warn("audit store not reachable yet; decision-log uploads are answered 503 until it is: {}", e.getMessage());
        }
        DecisionLogReceiver receiver = new DecisionLogReceiver(store, new DecisionLogParser(DecisionLogParser.Limits.defaults(), drops,
                DecisionLogParser.InputFields.defaults()), options.limits(), registry, clock);
        AuditQueryServer queries = AuditQueryServer.start(store, clock, options.queryPort());
        AuditService service = new AuditService(store, receiver, queries, options.retention(), clock);
        Gauge.builder("skipper_audit_retention_deleted", service.deleted, AtomicLong::get)
                .description("Decisions deleted by retention since this replica started").register(registry);
        return service;
    }

    /** The intake for the bundle server. */
    public DecisionLogIntake intake() {
        return receiver;
    }

    /** The read API's port. */
    public int queryPort() {
        return queries.port();
    }

    /** One retention pass; a store that fails makes the pass fail (counted and retried by the runner). */
    public void enforceRetention() {
        try {
            Retention.Outcome outcome = store.enforce(retention, clock.instant());
            deleted.addAndGet(outcome.byAge() + outcome.bySize());
            if (outcome.byAge() + outcome.bySize() > 0) {
                LOG.info("audit retention deleted {} decisions older than {} and {} beyond {}", outcome.byAge(), retention.maxAge(),
                        outcome.bySize(), retention.maxDecisions());
            }
        } catch (AuditStoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A JDBC URL for a log line: driver options (which can name files or users) left out. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** Stops the read API, then closes the store (the bundle server, which feeds the intake, is closed first). */
    @Override
    public void close() {
        queries.close();
        store.close();
    }

    /** The store, for the dashboard's audit page (read-only there). */
    public AuditStore store() {
        return store;
    }
}
