package io.naftiko.skipper.bundler;

/** A bundle that cannot be read, built or trusted; the message is one clear line naming the file. */
public class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure with its reason. */
    public BundleException(String message) {
        super(message);
    }

    /** A failure with its reason and cause. */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
