package io.naftiko.skipper.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A pass that fails in any way runs again on the next tick, and its failures are counted. */
class PeriodicRunnerTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("an exception", (Supplier<Throwable>) () -> new IllegalStateException("API error 403")),
                Arguments.of("an unchecked error from a library", (Supplier<Throwable>) () -> new UnsupportedOperationException()),
                Arguments.of("an Error", (Supplier<Throwable>) () -> new AssertionError("a bug")),
                Arguments.of("a stack overflow", (Supplier<Throwable>) () -> new StackOverflowError()));
    }

    @ParameterizedTest(name = "{0} in one tick: the next tick runs and succeeds")
    @MethodSource("failures")
    void aFailingTickIsCountedAndTheNextOneRuns(String what, Supplier<Throwable> failure) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicInteger calls = new AtomicInteger();
        try (PeriodicRunner runner = new PeriodicRunner(1, registry)) {
            PeriodicRunner.Pass pass = runner.schedule("probe", Duration.ofHours(1), Duration.ofHours(1), () -> {
                if (calls.incrementAndGet() <= 2) {
                    throw sneaky(failure.get());
                }
            });

            List<Boolean> ticks = List.of(pass.runOnce(), pass.runOnce(), pass.runOnce(), pass.runOnce());

            assertThat(ticks).containsExactly(false, false, true, true);
            assertThat(registry.counter(PeriodicRunner.FAILURES_METRIC, "pass", "probe").count()).isEqualTo(2.0);
            assertThat(pass.isScheduled()).as("still scheduled after failures").isTrue();
            assertThat(pass.runs()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "a group is cancelled as one ({0})")
    @MethodSource("failures")
    void aGroupStopsAllItsPassesAtOnce(String what, Supplier<Throwable> failure) {
        try (PeriodicRunner runner = new PeriodicRunner(1, new SimpleMeterRegistry())) {
            PeriodicRunner.Group group = runner.group();
            PeriodicRunner.Pass failing = group.schedule("failing", Duration.ofHours(1), Duration.ofHours(1), () -> {
                throw sneaky(failure.get());
            });
            group.schedule("fine", Duration.ofHours(1), Duration.ofHours(1), () -> { });
            PeriodicRunner.Pass outside = runner.schedule("outside", Duration.ofHours(1), Duration.ofHours(1), () -> { });
            failing.runOnce();

            assertThat(group.scheduled()).isEqualTo(2);
            group.cancelAll();

            assertThat(group.scheduled()).isZero();
            assertThat(failing.isScheduled()).isFalse();
            assertThat(outside.isScheduled()).as("a pass outside the group keeps running").isTrue();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable throwable) throws T {
        throw (T) throwable;
    }
}
