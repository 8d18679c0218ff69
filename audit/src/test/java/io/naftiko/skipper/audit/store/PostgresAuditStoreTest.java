package io.naftiko.skipper.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The audit store specification on a real PostgreSQL server (zonky's embedded binaries), a fresh database per test. */
class PostgresAuditStoreTest extends AuditStoreContract {

    static EmbeddedPostgres postgres;
    static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        postgres.close();
    }

    @Override
    AuditStore open() throws Exception {
        String database = "audit_" + DATABASES.incrementAndGet();
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE " + database);
        }
        return PostgresAuditStore.open(postgres.getJdbcUrl("postgres", database), "postgres", "postgres", 4);
    }

    @Test
    void aUrlCarryingThePasswordIsRefusedBeforeItCanBeLogged() {
        assertThatThrownBy(() -> PostgresAuditStore.open("jdbc:postgresql://db:5432/audit?password=hunter2", "u", "", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the audit database URL must not carry the password: give it from a Secret");
        assertThatThrownBy(() -> PostgresAuditStore.open("jdbc:mysql://db/audit", "u", "p", 2))
                .hasMessage("the audit database URL must start with jdbc:postgresql:");
    }

    @Test
    void theSchemaIsPostgresOwn() throws Exception {
        try (Connection connection = postgres.getDatabase("postgres", "audit_" + DATABASES.get()).getConnection();
             Statement query = connection.createStatement();
             var types = query.executeQuery("SELECT data_type FROM information_schema.columns WHERE table_name = 'audit_decisions'"
                     + " AND column_name IN ('event', 'decided_at') ORDER BY column_name")) {
            types.next();
            assertThat(types.getString(1)).isEqualTo("timestamp with time zone");
            types.next();
            assertThat(types.getString(1)).isEqualTo("text");
        }
    }
}
