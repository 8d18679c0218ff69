package io.naftiko.skipper.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenStatus;
import io.naftiko.skipper.operator.bundles.WardenController;
import io.naftiko.skipper.reconciler.write.Conflicts;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A status edit that races another writer (409) is retried from a fresh read; one that keeps conflicting fails. */
class ConflictsTest {

    static final String STATUS = "/apis/naftiko.io/v1alpha3/namespaces/shipyard/wardens/fleet-warden/status";

    InMemoryApiServer api;
    KubernetesClient client;
    Warden warden;

    @BeforeEach
    void cluster() throws Exception {
        api = InMemoryApiServer.start(SystemClock.utc());
        client = api.clientWithoutRetries();
        warden = client.resource(Mappers.yaml().readValue("""
                apiVersion: naftiko.io/v1alpha3
                kind: Warden
                metadata: {name: fleet-warden, namespace: shipyard}
                spec: {bundles: [fleet-policy]}
                """, Warden.class)).create();
    }

    @AfterEach
    void stop() {
        client.close();
        api.close();
    }

    @Test
    void aLostRaceIsRetriedAndTheEditLands() {
        api.fail("PATCH", STATUS, 409, Conflicts.ATTEMPTS - 1);

        WardenController.editStatus(client, warden, old -> new WardenStatus("2027-01-01T00:00:00Z", null, null, null));

        assertThat(client.resource(warden).get().getStatus().certificateNotAfter()).isEqualTo("2027-01-01T00:00:00Z");
    }

    @Test
    void aConflictOnEveryAttemptIsTheCallersWithItsCode() {
        api.fail("PATCH", STATUS, 409, Conflicts.ATTEMPTS);

        assertThatThrownBy(() -> WardenController.editStatus(client, warden, old -> old))
                .isInstanceOf(KubernetesClientException.class).extracting(e -> ((KubernetesClientException) e).getCode()).isEqualTo(409);
    }
}
