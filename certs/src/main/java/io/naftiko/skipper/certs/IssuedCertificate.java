package io.naftiko.skipper.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate with its private key and the chain up to (not including) the trust anchor.
 *
 * @param certificate the certificate
 * @param key         its private key
 * @param issuer      the CA certificate that signed it (itself for a CA)
 */
public record IssuedCertificate(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

    /** The certificate followed by its issuer when that is another certificate: what a TLS server presents. */
    public List<X509Certificate> chain() {
        return certificate.equals(issuer) ? List.of(certificate) : List.of(certificate, issuer);
    }
}
