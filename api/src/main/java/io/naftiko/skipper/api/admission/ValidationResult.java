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

    /** Every violation on its own line, as one denial message. */
    public String message() {
        StringBuilder message = new StringBuilder(violations.size() == 1 ? "1 violation:" : violations.size() + " violations:");
        violations.forEach(v -> message.append("\n- ").append(v));
        return message.toString();
    }
}
