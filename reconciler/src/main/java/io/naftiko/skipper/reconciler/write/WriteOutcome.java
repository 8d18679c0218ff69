package io.naftiko.skipper.reconciler.write;

/** What writing one owned object did. */
public enum WriteOutcome {
    /** It already had every field Skipper owns: no request was sent. */
    NOOP,
    /** It was missing and was created. */
    CREATED,
    /** It had drifted in a field Skipper owns (or held one Skipper released) and was applied. */
    UPDATED,
    /** It was no longer desired and was deleted. */
    DELETED
}
