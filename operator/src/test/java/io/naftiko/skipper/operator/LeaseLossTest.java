package io.naftiko.skipper.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.operator.certificates.CertificateSettings;
import io.naftiko.skipper.operator.lifecycle.Leadership;
import io.naftiko.skipper.testkit.Eventually;
import io.naftiko.skipper.testkit.InMemoryApiServer;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another identity takes the Lease: the old leader stops all of its leader work at once and campaigns again; when the
 * other stops renewing, it leads again and its work resumes.
 */
class LeaseLossTest {

    static final Leadership.Timing QUICK = new Leadership.Timing(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(300));
    static final Duration PASS = Duration.ofMillis(200);

    InMemoryApiServer api;
    KubernetesClient client;
    ScheduledExecutorService intruder = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void cluster() {
        api = InMemoryApiServer.start(SystemClock.utc());
        client = api.client();
    }

    @AfterEach
    void stop() {
        intruder.shutdownNow();
        client.close();
        api.close();
    }

    /**
     * Another replica writes itself into the Lease, as a leader that won it would, and renews it every 500 ms; a write
     * that loses a race with the old leader's renewal (409) is retried on the next tick, as a real elector's would be,
     * instead of ending the schedule.
     */
    void takeTheLease() {
        intruder.scheduleWithFixedDelay(() -> {
            try {
                client.leases().inNamespace("skipper").withName(Operator.LEASE).edit(lease -> {
                    ZonedDateTime now = ZonedDateTime.now(SystemClock.utc());
                    if (!"intruder".equals(lease.getSpec().getHolderIdentity())) {
                        lease.getSpec().setAcquireTime(now);
                        lease.getSpec().setLeaseTransitions(lease.getSpec().getLeaseTransitions() == null ? 1
                                : lease.getSpec().getLeaseTransitions() + 1);
                    }
                    lease.getSpec().setHolderIdentity("intruder");
                    lease.getSpec().setLeaseDurationSeconds((int) QUICK.leaseDuration().toSeconds());
                    lease.getSpec().setRenewTime(now);
                    return lease;
                });
            } catch (KubernetesClientException e) {
                // Lost a race with the old leader's renewal: the next tick writes again.
            }
        }, 0, 500, TimeUnit.MILLISECONDS);
    }

    boolean webhookSecretExists() {
        return client.secrets().inNamespace("skipper").withName(CertificateSettings.WEBHOOK_SECRET).get() != null;
    }

    @Test
    void anotherIdentityTakesTheLeaseTheOldLeaderStopsEverythingThenLeadsAgainWhenTheLeaseIsFree() throws Exception {
        OperatorOptions options = new OperatorOptions("skipper", Set.of(), Set.of(), 0, 0, "replica-a", PASS, List.of(), QUICK, PASS);
        try (Operator operator = new Operator(client, options, OperatorSettings.defaults(), SystemClock.utc())) {
            operator.start();
            Eventually.until("replica-a leads", () -> operator.isLeader() && operator.leaderPassesScheduled() == 4);

            takeTheLease();

            Eventually.until("the old leader stops every leader task", () -> !operator.isLeader() && operator.leaderPassesScheduled() == 0);
            assertThat(operator.pass("certificates")).isEmpty();
            assertThat(operator.pass("webhook-tls")).as("every replica's passes go on").isPresent();

            client.secrets().inNamespace("skipper").withName(CertificateSettings.WEBHOOK_SECRET).delete();
            long webhookReloads = operator.pass("webhook-tls").orElseThrow().runs();
            Eventually.until("ten more ticks of every replica's passes", () -> operator.pass("webhook-tls").orElseThrow().runs() >= webhookReloads + 10);
            assertThat(webhookSecretExists()).as("a Secret deleted after the Lease was lost is not recreated by the ex-leader").isFalse();
            assertThat(operator.leaderTerms()).isEqualTo(1);

            intruder.shutdownNow();

            Eventually.until("the old leader leads again", () -> operator.isLeader() && operator.leaderTerms() == 2);
            Eventually.until("its certificate pass runs again and recreates the Secret", this::webhookSecretExists);
            assertThat(client.leases().inNamespace("skipper").withName(Operator.LEASE).get().getSpec().getHolderIdentity())
                    .isEqualTo("replica-a");
        }
    }
}
