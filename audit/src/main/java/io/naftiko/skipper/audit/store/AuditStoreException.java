package io.naftiko.skipper.audit.store;

/** The store could not do what was asked (the database is down, full, or refused); nothing was half done. */
public final class AuditStoreException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure for {@code message}, caused by {@code cause}. */
    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
