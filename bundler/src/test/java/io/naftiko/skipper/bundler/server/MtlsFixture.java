package io.naftiko.skipper.bundler.server;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.LeafRequest;
import io.naftiko.skipper.certs.TrustStores;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.TlsMaterial;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** A CA, a bundle server certificate for {@code localhost}, and Warden client certificates, all in memory. */
public final class MtlsFixture {

    /** The CA every certificate of the fixture chains to. */
    public final CertificateAuthority ca = authority("skipper-test-ca");

    /** Another CA. */
    public static CertificateAuthority authority(String name) {
        return CertificateAuthority.create(name, KeyAlgorithm.EC_P256, Duration.ofDays(1), SystemClock.utc());
    }

    /** The bundle server's TLS: a certificate for localhost, Warden certificates of {@link #ca} required. */
    public ReloadableTls serverTls() {
        IssuedCertificate serving = ca.issue(LeafRequest.server("localhost", List.of("localhost"), Duration.ofDays(1)),
                SystemClock.utc());
        return ReloadableTls.mutual(new TlsMaterial(serving.chain(), serving.key()), List.of(ca.certificate()));
    }

    /** A client presenting a certificate for the Warden, issued by {@code issuer}. */
    public SSLContext client(CertificateAuthority issuer, List<String> uris) {
        IssuedCertificate certificate = issuer.issue(LeafRequest.client("warden", uris, Duration.ofDays(1)), SystemClock.utc());
        return TrustStores.trustingWithClientCertificate(List.of(ca.certificate()), certificate.chain(), certificate.key());
    }

    /** A client presenting a certificate for the Warden. */
    public SSLContext warden(WardenIdentity warden) {
        return client(ca, List.of(warden.uri()));
    }

    /** A client that trusts the server but presents no certificate. */
    public SSLContext anonymous() {
        return TrustStores.trusting(List.of(ca.certificate()));
    }
}
