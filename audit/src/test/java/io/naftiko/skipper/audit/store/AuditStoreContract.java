package io.naftiko.skipper.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.naftiko.skipper.audit.Decision;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionQuery;
import io.naftiko.skipper.audit.DecisionResult;
import io.naftiko.skipper.audit.Decisions;
import io.naftiko.skipper.audit.SummaryRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every audit store does, run on each implementation (the embedded file database and a real PostgreSQL server):
 * the same specification, the same answers.
 */
abstract class AuditStoreContract {

    static final Instant NOW = Instant.parse("2026-12-03T06:00:00Z");
    static final String EDGE = "payments/edge";
    static final String CORE = "shipping/core";
    static final String GATEWAY_PATH = "naftiko/gateway/allow";
    static final String TIER_PATH = "naftiko/tier/deny";

    AuditStore store;

    /** A new, empty store. */
    abstract AuditStore open() throws Exception;

    @BeforeEach
    void openStore() throws Exception {
        store = open();
        store.migrate();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** Last night's decisions: the ids say who decided what, when (hours before NOW). */
    static List<Decision> lastNight() {
        return List.of(
                Decisions.of(EDGE, "d1", NOW.minus(Duration.ofMinutes(10)), GATEWAY_PATH, DecisionResult.ALLOW, "shipyard/shipyard-fleet"),
                Decisions.of(EDGE, "d2", NOW.minus(Duration.ofMinutes(50)), GATEWAY_PATH, DecisionResult.DENY, "shipyard/shipyard-fleet"),
                Decisions.of(CORE, "d3", NOW.minus(Duration.ofHours(2)), GATEWAY_PATH, DecisionResult.DENY, "harbor/shipyard-fleet"),
                Decisions.of(CORE, "d4", NOW.minus(Duration.ofHours(5)), TIER_PATH, DecisionResult.ERROR, null),
                Decisions.of(EDGE, "d5", NOW.minus(Duration.ofHours(7)), TIER_PATH, DecisionResult.DENY, "shipyard/shipyard-mock"),
                Decisions.of(CORE, "d6", NOW.minus(Duration.ofHours(9)), GATEWAY_PATH, DecisionResult.ALLOW, "harbor/customs"),
                Decisions.of(EDGE, "d7", NOW.minus(Duration.ofDays(2)), GATEWAY_PATH, DecisionResult.UNDEFINED, "shipyard/shipyard-fleet"));
    }

    @Test
    void aDecisionReadsBackAsItWasStored() throws Exception {
        Decision decision = lastNight().get(1);

        AuditStore.Outcome outcome = store.store(List.of(decision));
        DecisionPage page = store.find(DecisionQuery.newest(10));

        assertThat(outcome.stored()).containsExactly("d2");
        assertThat(outcome.duplicates()).isZero();
        assertThat(page.decisions()).extracting(DecisionPage.StoredDecision::decision).containsExactly(decision);
        assertThat(page.next()).isEmpty();
    }

    @Test
    void aRetriedUploadStoresNothingTwice() throws Exception {
        store.store(lastNight());

        AuditStore.Outcome retried = store.store(lastNight());
        AuditStore.Outcome overlapping = store.store(List.of(lastNight().get(0),
                Decisions.of(EDGE, "d8", NOW, GATEWAY_PATH, DecisionResult.ALLOW, null)));

        assertThat(retried.stored()).isEmpty();
        assertThat(retried.duplicates()).isEqualTo(7);
        assertThat(overlapping.stored()).containsExactly("d8");
        assertThat(overlapping.duplicates()).isEqualTo(1);
        assertThat(store.find(DecisionQuery.newest(100)).decisions()).hasSize(8);
    }

    @Test
    void theSameDecisionIdFromAnotherWardenIsAnotherDecision() throws Exception {
        store.store(List.of(Decisions.of(EDGE, "same", NOW, GATEWAY_PATH, DecisionResult.ALLOW, null)));

        AuditStore.Outcome other = store.store(List.of(Decisions.of(CORE, "same", NOW, GATEWAY_PATH, DecisionResult.DENY, null)));

        assertThat(other.stored()).containsExactly("same");
        assertThat(store.find(DecisionQuery.newest(10)).decisions()).extracting(d -> d.decision().warden())
                .containsExactlyInAnyOrder(EDGE, CORE);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of(Map.of(), List.of("d1", "d2", "d3", "d4", "d5", "d6", "d7")),
                Arguments.of(Map.of("warden", CORE), List.of("d3", "d4", "d6")),
                Arguments.of(Map.of("capability", "shipyard-fleet"), List.of("d1", "d2", "d3", "d7")),
                Arguments.of(Map.of("capability", "harbor/shipyard-fleet"), List.of("d3")),
                Arguments.of(Map.of("path", TIER_PATH), List.of("d4", "d5")),
                Arguments.of(Map.of("result", "deny"), List.of("d2", "d3", "d5")),
                Arguments.of(Map.of("result", "error"), List.of("d4")),
                Arguments.of(Map.of("result", "undefined"), List.of("d7")),
                Arguments.of(Map.of("since", "1h"), List.of("d1", "d2")),
                Arguments.of(Map.of("since", "6h", "until", "1h"), List.of("d3", "d4")),
                // 23:00 in UTC+1 is 22:00Z, eight hours before NOW; 05:30 in UTC-0:30 is 06:00Z, NOW itself.
                Arguments.of(Map.of("since", "2026-12-02T23:00:00+01:00", "until", "2026-12-03T05:30:00-00:30"),
                        List.of("d1", "d2", "d3", "d4", "d5")),
                Arguments.of(Map.of("since", "2026-12-02T22:00:00Z", "result", "deny", "warden", EDGE), List.of("d2", "d5")),
                Arguments.of(Map.of("limit", "2"), List.of("d1", "d2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void everyFilterSelectsItsDecisionsNewestFirst(Map<String, String> parameters, List<String> expected) throws Exception {
        store.store(lastNight());
        Map<String, List<String>> query = new HashMap<>();
        parameters.forEach((name, value) -> query.put(name, List.of(value)));

        DecisionPage page = store.find(DecisionQuery.fromParameters(query, NOW));

        assertThat(page.decisions()).extracting(d -> d.decision().decisionId()).containsExactlyElementsOf(expected);
    }

    @Test
    void pagesStayStableWhileNewerDecisionsArrive() throws Exception {
        store.store(IntStream.range(0, 25).mapToObj(i -> Decisions.of(EDGE, "old-" + i, NOW.minusSeconds(1000 - i),
                GATEWAY_PATH, DecisionResult.DENY, null)).toList());
        DecisionQuery query = DecisionQuery.newest(10).withResult(DecisionResult.DENY);
        List<String> seen = new ArrayList<>();

        DecisionPage first = store.find(query);
        first.decisions().forEach(d -> seen.add(d.decision().decisionId()));
        store.store(IntStream.range(0, 10).mapToObj(i -> Decisions.of(EDGE, "new-" + i, NOW.plusSeconds(i), GATEWAY_PATH,
                DecisionResult.DENY, null)).toList());
        DecisionPage second = store.find(query.after(first.next().orElseThrow()));
        second.decisions().forEach(d -> seen.add(d.decision().decisionId()));
        DecisionPage third = store.find(query.after(second.next().orElseThrow()));
        third.decisions().forEach(d -> seen.add(d.decision().decisionId()));

        assertThat(seen).containsExactlyElementsOf(IntStream.range(0, 25).map(i -> 24 - i).mapToObj(i -> "old-" + i).toList());
        assertThat(third.next()).isEmpty();
    }

    @Test
    void decisionsOfTheSameInstantPageByArrivalWithoutLossOrRepeat() throws Exception {
        store.store(IntStream.range(0, 12).mapToObj(i -> Decisions.of(CORE, "tie-" + i, NOW, TIER_PATH, DecisionResult.DENY, null))
                .toList());
        List<String> seen = new ArrayList<>();
        DecisionQuery query = DecisionQuery.newest(5);
        DecisionPage page = store.find(query);
        seen.addAll(page.decisions().stream().map(d -> d.decision().decisionId()).toList());
        while (page.next().isPresent()) {
            page = store.find(query.after(page.next().get()));
            seen.addAll(page.decisions().stream().map(d -> d.decision().decisionId()).toList());
        }

        assertThat(seen).hasSize(12).doesNotHaveDuplicates()
                .containsExactlyElementsOf(IntStream.range(0, 12).map(i -> 11 - i).mapToObj(i -> "tie-" + i).toList());
    }

    @Test
    void theSummaryCountsPerWardenPathAndResultOverItsRange() throws Exception {
        store.store(lastNight());

        List<SummaryRow> rows = store.summarize(NOW.minus(Duration.ofHours(24)), NOW);

        assertThat(rows).containsExactlyInAnyOrder(
                new SummaryRow(EDGE, GATEWAY_PATH, DecisionResult.ALLOW, 1),
                new SummaryRow(EDGE, GATEWAY_PATH, DecisionResult.DENY, 1),
                new SummaryRow(CORE, GATEWAY_PATH, DecisionResult.DENY, 1),
                new SummaryRow(CORE, TIER_PATH, DecisionResult.ERROR, 1),
                new SummaryRow(EDGE, TIER_PATH, DecisionResult.DENY, 1),
                new SummaryRow(CORE, GATEWAY_PATH, DecisionResult.ALLOW, 1));
    }

    @Test
    void retentionDeletesWhatIsTooOldThenTheOldestBeyondTheCount() throws Exception {
        store.store(lastNight());

        Retention.Outcome byAge = store.enforce(new Retention(Duration.ofDays(1), 100), NOW);
        Retention.Outcome bySize = store.enforce(new Retention(Duration.ofDays(1), 4), NOW);
        Retention.Outcome again = store.enforce(new Retention(Duration.ofDays(1), 4), NOW);

        assertThat(byAge).isEqualTo(new Retention.Outcome(1, 0));
        assertThat(bySize).isEqualTo(new Retention.Outcome(0, 2));
        assertThat(again).isEqualTo(new Retention.Outcome(0, 0));
        // The count keeps the newest arrivals: d1..d7 arrived in order, d7 went by age, d1 and d2 are the oldest rows.
        assertThat(store.find(DecisionQuery.newest(10)).decisions()).extracting(d -> d.decision().decisionId())
                .containsExactly("d3", "d4", "d5", "d6");
    }

    @Test
    void retentionDeletesInBatchesBeyondOneStatement() throws Exception {
        List<Decision> many = IntStream.range(0, 12_345).mapToObj(i -> Decisions.of(EDGE, "bulk-" + i, NOW.minus(Duration.ofDays(40)),
                GATEWAY_PATH, DecisionResult.ALLOW, null)).toList();
        store.store(many);
        store.store(List.of(Decisions.of(EDGE, "recent", NOW, GATEWAY_PATH, DecisionResult.ALLOW, null)));

        Retention.Outcome outcome = store.enforce(Retention.defaults(), NOW);

        assertThat(outcome.byAge()).isEqualTo(12_345);
        assertThat(store.find(DecisionQuery.newest(10)).decisions()).extracting(d -> d.decision().decisionId()).containsExactly("recent");
    }

    @Test
    void aClosedStoreFailsWithAClearErrorAndNoData() {
        Decision decision = lastNight().get(0);
        store.close();

        assertThatThrownBy(() -> store.store(List.of(decision)))
                .isInstanceOf(AuditStoreException.class)
                .hasMessageStartingWith("the " + store.kind() + " audit store could not store decisions")
                .hasMessageNotContaining("d1");
    }
}
