package io.naftiko.skipper.api.ikanos;

/** A text that cannot be read as an ikanos document; the message is one clear line. */
public class DocumentException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure with a one-line reason. */
    public DocumentException(String message) {
        super(message);
    }

    /** A failure with a one-line reason and its underlying cause (shown only with --verbose). */
    public DocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
