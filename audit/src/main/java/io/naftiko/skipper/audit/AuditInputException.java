package io.naftiko.skipper.audit;

/** Input the audit refuses (a malformed upload, a query parameter it cannot read), with a message naming the problem. */
public final class AuditInputException extends Exception {

    private static final long serialVersionUID = 1L;

    /** An input refused for {@code message}. */
    public AuditInputException(String message) {
        super(message);
    }
}
