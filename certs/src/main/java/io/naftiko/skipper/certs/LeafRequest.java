package io.naftiko.skipper.certs;

import java.time.Duration;
import java.util.List;

/**
 * What a leaf certificate should say.
 *
 * @param commonName subject CN
 * @param dnsNames   DNS subject alternative names
 * @param uris       URI subject alternative names (e.g. a SPIFFE identity)
 * @param validity   lifetime from issuance (not counting the back-dating of notBefore)
 * @param usage      server, client or both
 * @param algorithm  key type of the leaf
 */
public record LeafRequest(String commonName, List<String> dnsNames, List<String> uris, Duration validity,
                          CertificateUsage usage, KeyAlgorithm algorithm) {

    /** A server certificate for DNS names, ECDSA P-256. */
    public static LeafRequest server(String commonName, List<String> dnsNames, Duration validity) {
        return new LeafRequest(commonName, dnsNames, List.of(), validity, CertificateUsage.SERVER, KeyAlgorithm.EC_P256);
    }

    /** A client certificate with URI identities, ECDSA P-256. */
    public static LeafRequest client(String commonName, List<String> uris, Duration validity) {
        return new LeafRequest(commonName, List.of(), uris, validity, CertificateUsage.CLIENT, KeyAlgorithm.EC_P256);
    }
}
