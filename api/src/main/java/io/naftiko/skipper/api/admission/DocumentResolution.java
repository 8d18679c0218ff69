package io.naftiko.skipper.api.admission;

import io.naftiko.skipper.api.validation.Violation;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of finding a Capability's document: the document, or why it could not be had.
 *
 * @param document   the document, when found and readable
 * @param violations why not, otherwise
 */
public record DocumentResolution(Optional<ResolvedDocument> document, List<Violation> violations) {

    static DocumentResolution found(ResolvedDocument document) {
        return new DocumentResolution(Optional.of(document), List.of());
    }

    static DocumentResolution failed(Violation violation) {
        return new DocumentResolution(Optional.empty(), List.of(violation));
    }
}
