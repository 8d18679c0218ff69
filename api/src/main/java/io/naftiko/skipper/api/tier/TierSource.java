package io.naftiko.skipper.api.tier;

/** Where a Capability's tier was read from. */
public enum TierSource {
    /** The {@code naftiko.io/tier} label of the Capability itself. */
    CAPABILITY_LABEL,
    /** The {@code naftiko.io/tier} entry of the document's {@code info.labels}. */
    DOCUMENT_LABEL,
    /** Neither: the default tier. */
    DEFAULT
}
