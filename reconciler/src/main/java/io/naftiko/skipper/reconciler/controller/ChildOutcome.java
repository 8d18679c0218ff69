package io.naftiko.skipper.reconciler.controller;

/** What reconciling one child did. */
public enum ChildOutcome {
    /** It already matched: no write. */
    NOOP,
    /** It was missing and was created. */
    CREATED,
    /** It had drifted in a field Skipper owns and was updated. */
    UPDATED,
    /** It was no longer desired and was deleted. */
    DELETED
}
