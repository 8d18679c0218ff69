package io.naftiko.skipper.certs;

/** PEM text that does not hold what it should; the message is one line. */
public class PemException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure with its reason. */
    public PemException(String message) {
        super(message);
    }

    /** A failure with its reason and cause. */
    public PemException(String message, Throwable cause) {
        super(message, cause);
    }
}
