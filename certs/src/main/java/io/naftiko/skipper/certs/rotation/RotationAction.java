package io.naftiko.skipper.certs.rotation;

/** What to do with a certificate now. */
public enum RotationAction {
    /** Nothing: it is valid and outside its renewal window. */
    NOOP,
    /** There is none: issue one. */
    CREATE,
    /**
     * Issue a new certificate for the same key (renewal window, new names, new issuer, expiry). For the CA: create the
     * next CA, which joins the trust bundle but signs nothing yet.
     */
    RENEW,
    /** Issue a new certificate with a new key (the key is too weak or of the wrong type); for the CA, as {@link #RENEW}. */
    REPLACE_KEY,
    /** The next CA is in every trust bundle and caBundle: record since when, to time its propagation. */
    RECORD_TRUST,
    /** The next CA has been trusted everywhere for the propagation time: it signs from now, the old one retires. */
    PROMOTE_NEXT,
    /** A CA rotation is complete: every leaf comes from the new CA, so the old CA leaves the trust bundle. */
    REMOVE_OLD_CA
}
