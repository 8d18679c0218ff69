package io.naftiko.skipper.audit.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.Decision;
import io.naftiko.skipper.audit.DecisionLogParser;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.AuditStoreException;
import io.naftiko.skipper.bundler.BoundedInput;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.server.DecisionLogIntake;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OPA's decision logs into the audit store: the body expanded within its limit (a gzip bomb is a 413 after at most
 * the limit's bytes, never a full expansion), parsed as a stream, checked against the Warden's rate, stored in one
 * transaction, and only then answered 200, so OPA's retry of an unanswered or refused upload loses nothing and,
 * the store being idempotent by {@code decision_id}, duplicates nothing. Event bodies are never logged.
 */
public final class DecisionLogReceiver implements DecisionLogIntake {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogReceiver.class);
    /** Seconds OPA is asked to wait when the store is down. */
    static final int STORE_RETRY_SECONDS = 5;
    /** Distinct (Warden, path) label sets counted before new paths are counted as {@code (other)}. */
    private static final int MAX_METRIC_PATHS = 2_000;
    static final String OTHER_PATH = "(other)";

    private final AuditStore store;
    private final DecisionLogParser parser;
    private final IntakeLimits limits;
    private final WardenRates rates;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Timer ingest;
    private final Set<String> countedPaths = ConcurrentHashMap.newKeySet();

    /** A receiver storing into {@code store}. */
    public DecisionLogReceiver(AuditStore store, DecisionLogParser parser, IntakeLimits limits, MeterRegistry registry, Clock clock) {
        this.store = store;
        this.parser = parser;
        this.limits = limits;
        this.rates = new WardenRates(limits.decisionsPerSecond(), limits.burst(), 10_000, clock);
        this.registry = registry;
        this.clock = clock;
        this.ingest = Timer.builder("skipper_audit_ingest_seconds")
                .description("Time to expand, parse and store one decision-log upload (answered uploads only)")
                .publishPercentileHistogram().register(registry);
    }

    @Override
    public long maxBodyBytes() {
        return limits.maxBodyBytes();
    }

    @Override
    public Answer receive(WardenIdentity warden, Optional<String> contentEncoding, byte[] body) {
        Timer.Sample sample = Timer.start(registry);
        Answer answer = answer(warden.toString(), contentEncoding, body);
        sample.stop(ingest);
        Counter.builder("skipper_audit_uploads_total").description("Decision-log uploads by answer")
                .tag("status", String.valueOf(answer.status())).register(registry).increment();
        return answer;
    }

    private Answer answer(String warden, Optional<String> contentEncoding, byte[] body) {
        String encoding = contentEncoding.map(value -> value.trim().toLowerCase(Locale.ROOT)).orElse("identity");
        if (!encoding.equals("gzip") && !encoding.equals("identity")) {
            return refuse(warden, 415, "Content-Encoding " + encoding + " is not supported; send gzip (as OPA does) or none");
        }
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        DecisionLogParser.Batch batch;
        try (InputStream expanded = BoundedInput.limited(encoding.equals("gzip")
                ? new GZIPInputStream(new ByteArrayInputStream(body), 8192) : new ByteArrayInputStream(body), limits.maxExpandedBytes())) {
            batch = parser.parse(expanded, warden, receivedAt);
        } catch (BoundedInput.LimitExceeded e) {
            return refuse(warden, 413, "the upload expands beyond " + limits.maxExpandedBytes() + " bytes");
        } catch (ZipException e) {
            return refuse(warden, 400, "the body is not valid gzip");
        } catch (IOException e) {
            return refuse(warden, 400, encoding.equals("gzip") ? "the gzip body ends early" : "the body cannot be read");
        } catch (AuditInputException e) {
            return refuse(warden, 400, e.getMessage());
        }
        OptionalLong wait = rates.take(warden, batch.decisions().size());
        if (wait.isPresent()) {
            return new Answer(429, "Warden " + warden + " is over its rate of " + (long) limits.decisionsPerSecond()
                    + " decisions a second; retry in " + wait.getAsLong() + " s", Optional.of((int) Math.min(Integer.MAX_VALUE, wait.getAsLong())));
        }
        AuditStore.Outcome outcome;
        try {
            outcome = store.store(batch.decisions());
        } catch (AuditStoreException e) {
            LOG.warn("decision logs from {} not stored, answered 503 (OPA retries them): {}", warden, e.getMessage());
            return new Answer(503, "the audit store is unavailable; nothing was stored, retry", Optional.of(STORE_RETRY_SECONDS));
        }
        count(batch, outcome);
        if (batch.labelMismatches() > 0) {
            Counter.builder("skipper_audit_label_mismatches_total")
                    .description("Decisions whose labels claimed another Warden than the client certificate names")
                    .tag("warden", warden).register(registry).increment(batch.labelMismatches());
            LOG.warn("Warden {} sent {} decisions whose labels name another Warden; stored under {} (its certificate)", warden,
                    batch.labelMismatches(), warden);
        }
        if (outcome.duplicates() > 0) {
            Counter.builder("skipper_audit_duplicates_total").description("Decisions received again and not stored twice")
                    .register(registry).increment(outcome.duplicates());
        }
        return new Answer(200, "stored", Optional.empty());
    }

    private void count(DecisionLogParser.Batch batch, AuditStore.Outcome outcome) {
        for (Decision decision : batch.decisions()) {
            if (!outcome.stored().contains(decision.decisionId())) {
                continue;
            }
            String key = decision.warden() + " " + decision.path();
            String path = countedPaths.contains(key) || (countedPaths.size() < MAX_METRIC_PATHS && countedPaths.add(key))
                    ? decision.path() : OTHER_PATH;
            Counter.builder("skipper_audit_decisions_total").description("Decisions stored, by Warden, policy path and result")
                    .tag("warden", decision.warden()).tag("path", path).tag("result", decision.result().label())
                    .register(registry).increment();
        }
    }

    private static Answer refuse(String warden, int status, String message) {
        LOG.info("decision logs from {} refused with {}: {}", warden, status, message);
        return new Answer(status, message, Optional.empty());
    }
}
