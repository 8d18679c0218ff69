package io.naftiko.skipper.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.audit.DecisionQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit store specification on the embedded file database. */
class EmbeddedAuditStoreTest extends AuditStoreContract {

    @TempDir
    Path directory;

    @Override
    AuditStore open() {
        return EmbeddedAuditStore.open(directory.resolve("decisions"));
    }

    @Test
    void decisionsSurviveAReopenOfTheFile() throws Exception {
        store.store(lastNight());
        store.close();

        try (AuditStore reopened = open()) {
            assertThat(reopened.find(DecisionQuery.newest(100)).decisions()).hasSize(lastNight().size());
        }
        assertThat(Files.exists(directory.resolve("decisions.mv.db"))).isTrue();
    }
}
