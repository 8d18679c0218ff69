package io.naftiko.skipper.bundler.signing;

/** What the bundle signing key needs now. */
public enum SigningKeyAction {
    /** Nothing: the current key is fine, or the next one is still reaching the Wardens. */
    NOOP,
    /** There is no signing key yet: make one. */
    CREATE,
    /** The current key is due for rotation: make the next key and publish its public half to every Warden. */
    PREPARE_NEXT,
    /** The next key is trusted by every Warden: sign with it from now on. */
    SIGN_WITH_NEXT
}
