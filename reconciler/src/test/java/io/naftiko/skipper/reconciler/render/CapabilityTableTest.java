package io.naftiko.skipper.reconciler.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityStatus;
import io.naftiko.skipper.api.v1alpha3.Phase;
import io.naftiko.skipper.api.v1alpha3.RolloutSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code skipper status} prints of rollouts: a ROLLOUT column, only where some Capability has one. */
class CapabilityTableTest {

    private static Capability capability(String name, RolloutSummary rollout) {
        Capability capability = new Capability();
        capability.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("shipyard").withGeneration(2L).build());
        capability.setStatus(new CapabilityStatus(Phase.Running, null, null, "premium", 2L, List.of(), rollout));
        return capability;
    }

    private static List<String> lines(List<Capability> capabilities, boolean wide) {
        StringWriter text = new StringWriter();
        CapabilityTable.print(capabilities, wide, new PrintWriter(text, true));
        return text.toString().lines().map(String::strip).toList();
    }

    @Test
    void aRolloutShowsItsStrategyPhaseAndStep() {
        List<String> lines = lines(List.of(capability("harbour", new RolloutSummary("canary", "Paused", 2, 4, "paused")),
                capability("ledger", new RolloutSummary("blueGreen", "Healthy", null, null, "ok")), capability("plain", null)), false);

        assertThat(lines.get(0)).contains("ROLLOUT");
        assertThat(lines.get(1)).contains("canary Paused 2/4");
        assertThat(lines.get(2)).contains("blueGreen Healthy");
        assertThat(lines.get(3).split("\\s{2,}")).contains("-");
    }

    @Test
    void withoutRolloutsTheTableIsAsBefore() {
        assertThat(lines(List.of(capability("plain", null)), false).get(0).split("\\s+"))
                .containsExactly("NAMESPACE", "NAME", "TIER", "PHASE", "ENDPOINT", "PROBLEMS");
        assertThat(lines(List.of(capability("harbour", new RolloutSummary("canary", "Healthy", 4, 4, "ok"))), true).get(0).split("\\s+"))
                .containsExactly("NAMESPACE", "NAME", "TIER", "PHASE", "OBSERVED", "REPLICAS", "ROLLOUT", "ENDPOINT", "PROBLEMS");
    }
}
