package io.naftiko.skipper.operator.lifecycle;

import io.naftiko.skipper.operator.events.OperatorEvent;
import java.util.List;

/**
 * A pass that did its work for every object it could and failed for some: it counts as a failed pass (logged and
 * counted by the {@link PeriodicRunner}, retried on the next tick), and what it did change is still reported.
 */
public final class PassIncomplete extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final transient List<OperatorEvent> done;

    /** A pass that failed for some objects, naming them, after doing {@code done}. */
    public PassIncomplete(String message, List<OperatorEvent> done) {
        super(message);
        this.done = List.copyOf(done);
    }

    /** What the pass changed before and besides its failures. */
    public List<OperatorEvent> done() {
        return done;
    }
}
