package io.naftiko.skipper.api;

/**
 * Label and annotation keys that Skipper reads and writes, in one place so the webhook,
 * the reconciler, the chart and the docs agree on them.
 */
public final class NaftikoLabels {

    /** Label choosing a Capability's tier; read from the CR first, then from {@code info.labels}. */
    public static final String TIER = "naftiko.io/tier";
    /** Annotation recording which generation of the CapabilityClass the admitted runtime came from. */
    public static final String CLASS_GENERATION = "naftiko.io/class-generation";
    /** Label naming the Capability that a child belongs to (part of every selector). */
    public static final String CAPABILITY = "naftiko.io/capability";
    /** Label putting a ConfigMap's Rego files and data into a policy bundle. */
    public static final String BUNDLE = "naftiko.io/bundle";
    /** Annotation on a bundle ConfigMap: the folder its files sit in inside the bundle (default: the ConfigMap's name). */
    public static final String BUNDLE_PATH = "naftiko.io/bundle-path";
    /** Pod-template annotation holding the checksum of spec, imports and binds; a change rolls the pods. */
    public static final String CONFIG_CHECKSUM = "naftiko.io/config-checksum";
    /** Standard Kubernetes name label. */
    public static final String APP_NAME = "app.kubernetes.io/name";
    /** Standard Kubernetes managed-by label. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** Value of {@link #MANAGED_BY} on everything Skipper generates. */
    public static final String MANAGER = "skipper";
    /** Class-generation value when the built-in standard defaults were used. */
    public static final String BUILT_IN_GENERATION = "builtin";

    private NaftikoLabels() {
    }
    /** Label on everything a Fleet's controller keeps: the Fleet's name. */
    public static final String FLEET = "naftiko.io/fleet";
    /** Label on everything a Fleet's controller keeps in an environment: the environment's name. */
    public static final String ENVIRONMENT = "naftiko.io/environment";
    /** Label on a recorded revision: the start of its digest's hex (label values are at most 63 characters). */
    public static final String DIGEST = "naftiko.io/digest";
    /** Annotation: the revision's full digest, {@code sha256:…}. */
    public static final String FLEET_DIGEST = "naftiko.io/fleet-digest";
    /** Annotation: the revision's number. */
    public static final String FLEET_REVISION = "naftiko.io/fleet-revision";
    /** Annotation on a recorded revision: when its content was first seen. */
    public static final String FIRST_SEEN = "naftiko.io/first-seen";
}
