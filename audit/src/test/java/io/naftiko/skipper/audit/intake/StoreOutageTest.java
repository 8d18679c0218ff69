package io.naftiko.skipper.audit.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.naftiko.skipper.audit.DecisionLogParser;
import io.naftiko.skipper.audit.DecisionQuery;
import io.naftiko.skipper.audit.FieldDrops;
import io.naftiko.skipper.audit.store.AuditStore;
import io.naftiko.skipper.audit.store.PostgresAuditStore;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.client.WardenClient;
import io.naftiko.skipper.bundler.server.BundleServer;
import io.naftiko.skipper.bundler.server.MtlsFixture;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL outage in the middle of intake: the upload is answered 503 and nothing is acknowledged; once the
 * server is back, OPA's retry of the same upload is stored once.
 */
class StoreOutageTest {

    @TempDir
    Path data;

    EmbeddedPostgres postgres(int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void anUploadDuringAnOutageIs503AndItsRetryIsStoredOnce() throws Exception {
        int port = freePort();
        EmbeddedPostgres postgres = postgres(port);
        MtlsFixture mtls = new MtlsFixture();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AuditStore store = PostgresAuditStore.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2);
             BundleStore bundles = new BundleStore()) {
            store.migrate();
            DecisionLogReceiver receiver = new DecisionLogReceiver(store, new DecisionLogParser(DecisionLogParser.Limits.defaults(),
                    FieldDrops.none(), DecisionLogParser.InputFields.defaults()), IntakeLimits.defaults(), registry,
                    DecisionLogIntakeTest.CLOCK);
            try (BundleServer server = BundleServer.start(BundleServer.Options.on("127.0.0.1", 0), mtls.serverTls(),
                    new BundleServer.Sources(bundles, warden -> Optional.of(Set.of("naftiko")), report -> { }, warden -> Optional.empty(),
                            receiver), registry, DecisionLogIntakeTest.CLOCK)) {
                WardenClient edge = new WardenClient(URI.create("https://localhost:" + server.port()),
                        mtls.warden(DecisionLogIntakeTest.EDGE));

                postgres.close();
                WardenClient.UploadAnswer during = edge.uploadDecisions(DecisionLogIntakeTest.opaUpload());
                postgres = postgres(port);
                WardenClient.UploadAnswer retry = edge.uploadDecisions(DecisionLogIntakeTest.opaUpload());
                WardenClient.UploadAnswer again = edge.uploadDecisions(DecisionLogIntakeTest.opaUpload());

                assertThat(during.status()).isEqualTo(503);
                assertThat(during.retryAfter()).contains("5");
                assertThat(during.text()).isEqualTo("the audit store is unavailable; nothing was stored, retry");
                assertThat(retry.status()).isEqualTo(200);
                assertThat(again.status()).isEqualTo(200);
                assertThat(store.find(DecisionQuery.newest(100)).decisions()).hasSize(4);
                assertThat(registry.counter("skipper_audit_uploads_total", "status", "503").count()).isEqualTo(1);
            }
        } finally {
            postgres.close();
        }
    }
}
