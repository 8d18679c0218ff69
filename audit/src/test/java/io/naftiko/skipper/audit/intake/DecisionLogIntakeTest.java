package io.naftiko.skipper.audit.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.audit.DecisionLogParser;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionQuery;
import io.naftiko.skipper.audit.FieldDrops;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.EmbeddedAuditStore;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.client.WardenClient;
import io.naftiko.skipper.bundler.server.BundleServer;
import io.naftiko.skipper.bundler.server.MtlsFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Decision logs sent as OPA sends them, over the bundle server's real mTLS, into the embedded store. */
class DecisionLogIntakeTest {

    static final WardenIdentity EDGE = new WardenIdentity("payments", "edge");
    static final WardenIdentity CORE = new WardenIdentity("shipping", "core");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T06:00:00Z"), ZoneOffset.UTC);
    /** Small limits, so the tests reach them with small bodies. */
    static final IntakeLimits LIMITS = new IntakeLimits(64 * 1024, 1024 * 1024, 1, 8);

    @TempDir
    Path directory;
    final MtlsFixture mtls = new MtlsFixture();
    final BundleStore bundles = new BundleStore();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditStore store;
    BundleServer server;
    URI url;

    @BeforeEach
    void start() {
        store = EmbeddedAuditStore.open(directory.resolve("decisions"));
        DecisionLogReceiver receiver = new DecisionLogReceiver(store, new DecisionLogParser(DecisionLogParser.Limits.defaults(),
                FieldDrops.none(), DecisionLogParser.InputFields.defaults()), LIMITS, registry, CLOCK);
        BundleServer.Grants grants = warden -> warden.equals(EDGE) || warden.equals(CORE) ? Optional.of(Set.of("naftiko"))
                : Optional.empty();
        server = BundleServer.start(BundleServer.Options.on("127.0.0.1", 0), mtls.serverTls(),
                new BundleServer.Sources(bundles, grants, report -> { }, warden -> Optional.empty(), receiver), registry, CLOCK);
        url = URI.create("https://localhost:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        bundles.close();
        store.close();
    }

    WardenClient warden(WardenIdentity identity) {
        return new WardenClient(url, mtls.warden(identity));
    }

    static List<ObjectNode> opaUpload() throws IOException {
        List<ObjectNode> events = new ArrayList<>();
        try (InputStream in = DecisionLogIntakeTest.class.getResourceAsStream("/decision-logs/opa-upload.json")) {
            Mappers.json().readTree(in).forEach(event -> events.add((ObjectNode) event));
        }
        return events;
    }

    List<String> stored() throws Exception {
        DecisionPage page = store.find(DecisionQuery.newest(100));
        return page.decisions().stream().map(d -> d.decision().warden() + " " + d.decision().decisionId().substring(32)).toList();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        }
        return out.toByteArray();
    }

    @Test
    void aGzipUploadIsStoredThenAnswered200() throws Exception {
        WardenClient.UploadAnswer answer = warden(EDGE).uploadDecisions(opaUpload());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(stored()).containsExactlyInAnyOrder("payments/edge 0a01", "payments/edge 0a02", "payments/edge 0a03",
                "payments/edge 0a04");
        assertThat(registry.counter("skipper_audit_decisions_total", "warden", "payments/edge", "path", "naftiko/gateway/allow",
                "result", "deny").count()).isEqualTo(1);
        assertThat(registry.timer("skipper_audit_ingest_seconds").count()).isEqualTo(1);
    }

    @Test
    void aPlainUploadIsStoredToo() throws Exception {
        byte[] plain = Mappers.json().writeValueAsBytes(opaUpload().subList(0, 2));

        WardenClient.UploadAnswer answer = warden(EDGE).uploadDecisionLog(plain, Optional.empty());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(stored()).hasSize(2);
    }

    @Test
    void aReplayedUploadStoresNothingTwice() throws Exception {
        WardenClient edge = warden(EDGE);
        edge.uploadDecisions(opaUpload().subList(0, 3));

        WardenClient.UploadAnswer replay = edge.uploadDecisions(opaUpload().subList(0, 3));

        assertThat(replay.status()).isEqualTo(200);
        assertThat(stored()).hasSize(3);
        assertThat(registry.counter("skipper_audit_duplicates_total").count()).isEqualTo(3);
        assertThat(registry.counter("skipper_audit_decisions_total", "warden", "payments/edge", "path", "naftiko/gateway/allow",
                "result", "allow").count()).isEqualTo(1);
    }

    @Test
    void labelsClaimingAnotherWardenAreStoredUnderTheCertificatesWarden() throws Exception {
        // The events say payments/edge; the certificate says shipping/core.
        WardenClient.UploadAnswer answer = warden(CORE).uploadDecisions(opaUpload().subList(0, 2));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(stored()).containsExactlyInAnyOrder("shipping/core 0a01", "shipping/core 0a02");
        assertThat(registry.counter("skipper_audit_label_mismatches_total", "warden", "shipping/core").count()).isEqualTo(2);
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsExpanded() throws Exception {
        byte[] large = new byte[(int) LIMITS.maxBodyBytes() + 1];

        WardenClient.UploadAnswer answer = warden(EDGE).uploadDecisionLog(large, Optional.of("gzip"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text()).isEqualTo("a decision-log upload is limited to 65536 bytes as sent");
        // The intake never saw it: nothing was expanded, parsed or timed.
        assertThat(registry.find("skipper_audit_uploads_total").counters()).isEmpty();
    }

    @Test
    void aGzipBombIs413AfterAtMostTheExpansionLimit() throws Exception {
        // 60 MiB of spaces inside an array compress to about 60 KiB: under the body limit, 60 times the expansion limit.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write('[');
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 60; i++) {
                gz.write(spaces);
            }
            gz.write(']');
        }
        assertThat(out.size()).isLessThan((int) LIMITS.maxBodyBytes());

        WardenClient.UploadAnswer answer = warden(EDGE).uploadDecisionLog(out.toByteArray(), Optional.of("gzip"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text()).isEqualTo("the upload expands beyond 1048576 bytes");
        assertThat(stored()).isEmpty();
    }

    @Test
    void malformedJsonIs400NamingTheProblem() throws Exception {
        byte[] body = gzip("[{\"decision_id\": \"a\", \"timestamp\": \"2026-12-02T22:00:00Z\"}, {\"timestamp\": \"x\"}]"
                .getBytes(StandardCharsets.UTF_8));

        WardenClient.UploadAnswer answer = warden(EDGE).uploadDecisionLog(body, Optional.of("gzip"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.text()).isEqualTo("event [1]: decision_id is missing");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aBodyThatIsNotTheGzipItClaimsIs400() throws Exception {
        WardenClient.UploadAnswer notGzip = warden(EDGE).uploadDecisionLog("[]".getBytes(StandardCharsets.UTF_8), Optional.of("gzip"));
        byte[] whole = gzip(Mappers.json().writeValueAsBytes(opaUpload()));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        WardenClient.UploadAnswer truncated = warden(EDGE).uploadDecisionLog(cut, Optional.of("gzip"));
        WardenClient.UploadAnswer brotli = warden(EDGE).uploadDecisionLog(whole, Optional.of("br"));

        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.text()).isEqualTo("the body is not valid gzip");
        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.text()).isIn("the gzip body ends early", "the body is not valid gzip");
        assertThat(brotli.status()).isEqualTo(415);
        assertThat(brotli.text()).isEqualTo("Content-Encoding br is not supported; send gzip (as OPA does) or none");
    }

    @Test
    void aWardenOverItsRateIsToldWhenToComeBackAndNothingIsStored() throws Exception {
        WardenClient edge = warden(EDGE);
        List<ObjectNode> four = opaUpload();
        List<ObjectNode> more = opaUpload().stream().map(event -> (ObjectNode) event.deepCopy()
                .put("decision_id", event.path("decision_id").asText() + "-again")).toList();

        WardenClient.UploadAnswer first = edge.uploadDecisions(four);
        WardenClient.UploadAnswer second = edge.uploadDecisions(four.subList(0, 2));
        WardenClient.UploadAnswer over = edge.uploadDecisions(more);
        WardenClient.UploadAnswer otherWarden = warden(CORE).uploadDecisions(more);

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(over.status()).isEqualTo(429);
        // 8 tokens, 6 spent, 4 asked: 2 missing at 1 a second.
        assertThat(over.retryAfter()).contains("2");
        assertThat(over.text()).isEqualTo("Warden payments/edge is over its rate of 1 decisions a second; retry in 2 s");
        assertThat(otherWarden.status()).as("each Warden has its own bucket").isEqualTo(200);
        assertThat(stored()).hasSize(8);
    }

    @Test
    void anUnknownWardenOrAClientWithoutAWardenCannotUpload() throws Exception {
        WardenClient.UploadAnswer unknown = warden(new WardenIdentity("nowhere", "ghost")).uploadDecisions(opaUpload());
        WardenClient.UploadAnswer notAWarden = new WardenClient(url, mtls.client(mtls.ca, List.of("spiffe://naftiko.io/ns/a/other/b")))
                .uploadDecisions(opaUpload());

        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.text()).isEqualTo("decision logs are accepted from known Wardens only");
        assertThat(notAWarden.status()).isEqualTo(403);
        assertThat(stored()).isEmpty();
    }

    @Test
    void aServerWithoutAnIntakeSays404() throws Exception {
        try (BundleServer plain = BundleServer.start(BundleServer.Options.on("127.0.0.1", 0), mtls.serverTls(),
                new BundleServer.Sources(bundles, warden -> Optional.of(Set.of("naftiko")), report -> { }, warden -> Optional.empty()),
                new SimpleMeterRegistry(), CLOCK)) {
            WardenClient.UploadAnswer answer = new WardenClient(URI.create("https://localhost:" + plain.port()), mtls.warden(EDGE))
                    .uploadDecisions(opaUpload());

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.text()).isEqualTo("decision logs are not collected by this server");
        }
    }
}
