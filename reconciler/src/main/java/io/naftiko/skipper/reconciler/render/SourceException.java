package io.naftiko.skipper.reconciler.render;

/**
 * Input files that cannot be rendered: missing, unreadable, not UTF-8, too large, or not what they claim to be.
 * The message is one line naming the file, for the user; the CLI prints it without a stack trace.
 */
public final class SourceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A problem with no underlying exception. */
    public SourceException(String message) {
        super(message);
    }

    /** A problem caused by another exception (kept for --verbose). */
    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
