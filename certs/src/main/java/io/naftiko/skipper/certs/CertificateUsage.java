package io.naftiko.skipper.certs;

/** What a leaf certificate is for, which fixes its extended key usage. */
public enum CertificateUsage {
    /** TLS server (serverAuth): the webhook, the bundle server. */
    SERVER,
    /** TLS client (clientAuth): a Warden pulling bundles. */
    CLIENT,
    /** Both. */
    SERVER_AND_CLIENT
}
