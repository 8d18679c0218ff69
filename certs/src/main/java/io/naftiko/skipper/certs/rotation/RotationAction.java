package io.naftiko.skipper.certs.rotation;

/** What to do with a certificate now. */
public enum RotationAction {
    /** Nothing: it is valid and outside its renewal window. */
    NOOP,
    /** There is none: issue one. */
    CREATE,
    /** Issue a new certificate for the same key (renewal window, new names, new issuer, expiry). */
    RENEW,
    /** Issue a new certificate with a new key (the key is too weak or of the wrong type). */
    REPLACE_KEY,
    /** A CA rotation is complete: every leaf comes from the new CA, so the old CA leaves the trust bundle. */
    REMOVE_OLD_CA
}
