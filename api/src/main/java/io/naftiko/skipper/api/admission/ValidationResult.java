package io.naftiko.skipper.api.admission;

import io.naftiko.skipper.api.validation.Violation;
import java.util.List;
import java.util.Optional;

/**
 * What validation found.
 *
 * @param violations every broken rule; empty means allowed
 * @param warnings   admission warnings (deprecated forms, class fallback, checks that could not run)
 * @param document   the resolved document, when it could be found
 */
public record ValidationResult(List<Violation> violations, List<String> warnings, Optional<ResolvedDocument> document) {

    /** Whether the object may be stored. */
    public boolean allowed() {
        return violations.isEmpty();
    }
}
