package io.naftiko.skipper.audit;

import java.util.List;
import java.util.Optional;

/**
 * One page of decisions, newest first.
 *
 * @param decisions the decisions with their row ids
 * @param next      the cursor of the next page, if there is one
 */
public record DecisionPage(List<StoredDecision> decisions, Optional<Cursor> next) {

    /**
     * A decision and its row id.
     *
     * @param id       the row id (the order of arrival)
     * @param decision the decision
     */
    public record StoredDecision(long id, Decision decision) {
    }
}
