package io.naftiko.skipper.bundler;

/**
 * What publishing a bundle's sources did.
 *
 * @param bundle   the bundle's name
 * @param result   what happened
 * @param revision the revision served afterwards, or empty if none is
 * @param message  why, in words (the file at fault when rejected)
 */
public record PublishOutcome(String bundle, Result result, String revision, String message) {

    /** What happened to the served revision. */
    public enum Result {
        /** A new revision is served. */
        PUBLISHED,
        /** The content and signing key are those already served. */
        UNCHANGED,
        /** The sources are not a valid bundle; the previous revision (if any) stays served. */
        REJECTED,
        /** The sources are gone; the bundle is no longer served. */
        REMOVED
    }
}
