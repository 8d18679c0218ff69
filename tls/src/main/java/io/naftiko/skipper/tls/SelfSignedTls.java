package io.naftiko.skipper.tls;

import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.LeafRequest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A throw-away CA and a serving certificate from it, for {@code --self-signed} and tests. Clients
 * trust {@link #authority()}.
 *
 * @param authority the CA certificate
 * @param serving   the serving chain and key
 */
public record SelfSignedTls(X509Certificate authority, TlsMaterial serving) {

    /** A CA and a serving certificate for the given DNS names, valid for a year. */
    public static SelfSignedTls create(List<String> dnsNames, Clock clock) {
        CertificateAuthority ca = CertificateAuthority.create("skipper-self-signed-ca", KeyAlgorithm.EC_P256,
                Duration.ofDays(365), clock);
        IssuedCertificate leaf = ca.issue(LeafRequest.server(dnsNames.get(0), dnsNames, Duration.ofDays(365)), clock);
        return new SelfSignedTls(ca.certificate(), new TlsMaterial(leaf.chain(), leaf.key()));
    }
}
