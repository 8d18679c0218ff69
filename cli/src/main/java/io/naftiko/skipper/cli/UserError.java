package io.naftiko.skipper.cli;

/** A failure the user can fix, reported as one line (its cause only under --verbose) and exit code 1. */
public class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error with its one-line message. */
    public UserError(String message) {
        super(message);
    }

    /** An error with its one-line message and the cause shown under --verbose. */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
