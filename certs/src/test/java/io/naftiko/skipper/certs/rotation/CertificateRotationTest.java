package io.naftiko.skipper.certs.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.CertificateUsage;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.LeafRequest;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rotation decisions over a fixed Clock, for every state a certificate can be found in. */
class CertificateRotationTest {

    static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    static final RotationPolicy LEAF = RotationPolicy.leafDefaults();
    static final CertificateAuthority CA = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256,
            Duration.ofDays(365), Clock.fixed(ISSUED, ZoneOffset.UTC));
    static final CertificateAuthority OTHER_CA = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256,
            Duration.ofDays(365), Clock.fixed(ISSUED, ZoneOffset.UTC));

    static Clock at(String offset) {
        return Clock.fixed(ISSUED.plus(Duration.parse(offset)), ZoneOffset.UTC);
    }

    static X509Certificate leaf(String state) throws Exception {
        Clock issued = Clock.fixed(ISSUED, ZoneOffset.UTC);
        LeafRequest request = LeafRequest.server("webhook", List.of("webhook.skipper.svc"), Duration.ofDays(90));
        return switch (state) {
            case "weak-key" -> {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(1024);
                yield CA.issue(request, rsa.generateKeyPair(), issued).certificate();
            }
            case "other-ca" -> OTHER_CA.issue(request, issued).certificate();
            case "other-names" -> CA.issue(new LeafRequest("webhook", List.of("old.skipper.svc"), List.of(), Duration.ofDays(90),
                    CertificateUsage.SERVER, KeyAlgorithm.EC_P256), issued).certificate();
            default -> CA.issue(request, issued).certificate();
        };
    }

    @ParameterizedTest(name = "leaf {0} at +{1} -> {2} {3}")
    @CsvSource({
        "missing,     PT0S,    CREATE,      Missing",
        "fresh,       PT1H,    NOOP,        Valid",
        "fresh,       P59D,    NOOP,        Valid",
        "fresh,       P60DT1M, RENEW,       RenewalWindow",
        "fresh,       P90D,    RENEW,       Expired",
        "fresh,       P400D,   RENEW,       Expired",
        "weak-key,    PT1H,    REPLACE_KEY, KeyTooWeak",
        "other-ca,    PT1H,    RENEW,       IssuerChanged",
        "other-names, PT1H,    RENEW,       NamesChanged",
    })
    void leafDecisions(String state, String offset, RotationAction action, String reason) throws Exception {
        Optional<X509Certificate> current = state.equals("missing") ? Optional.empty() : Optional.of(leaf(state));

        RotationDecision decision = CertificateRotation.leaf(current, CA.certificate(), List.of("webhook.skipper.svc"), List.of(),
                LEAF, at(offset));

        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.reason()).isEqualTo(reason);
        assertThat(decision.changes()).isEqualTo(action != RotationAction.NOOP);
    }

    @ParameterizedTest(name = "renewal at {0} of the lifetime, at +{1} -> {2}")
    @CsvSource({
        "0.5,  P44D, NOOP",
        "0.5,  P46D, RENEW",
        "0.9,  P80D, NOOP",
        "0.9,  P82D, RENEW",
    })
    void theRenewalPointIsConfigurable(double fraction, String offset, RotationAction action) throws Exception {
        RotationDecision decision = CertificateRotation.leaf(Optional.of(leaf("fresh")), CA.certificate(),
                List.of("webhook.skipper.svc"), List.of(), LEAF.renewingAt(fraction), at(offset));
        assertThat(decision.action()).isEqualTo(action);
    }

    @ParameterizedTest(name = "CA {0} at +{1} -> {2} {3}")
    @CsvSource({
        // state of the CA / previous CA / leaves, time, expected
        "missing,                    PT0S,    CREATE,        Missing",
        "fresh,                      P30D,    NOOP,          Valid",
        "fresh,                      P244D,   RENEW,         RenewalWindow",
        "fresh,                      P366D,   RENEW,         Expired",
        "rotating-leaves-old,        P250D,   NOOP,          RotationInProgress",
        "rotating-leaves-reissued,   PT2M,    NOOP,          WaitingForPropagation",
        "rotating-leaves-reissued,   P250D,   REMOVE_OLD_CA, RotationComplete",
        "rotating-old-expired,       P366D,   REMOVE_OLD_CA, OldCaExpired",
        "next-publishing,            P250D,   NOOP,          PublishingTrust",
        "next-published,             P250D,   RECORD_TRUST,  TrustPublished",
        "next-trusted-recently,      P250D,   NOOP,          WaitingForTrustPropagation",
        "next-trusted-long-ago,      P250D,   PROMOTE_NEXT,  TrustPropagated",
    })
    void authorityDecisions(String state, String offset, RotationAction action, String reason) throws Exception {
        Clock issued = Clock.fixed(ISSUED, ZoneOffset.UTC);
        LeafRequest request = LeafRequest.server("webhook", List.of("webhook.skipper.svc"), Duration.ofDays(90));
        Optional<X509Certificate> current = Optional.of(CA.certificate());
        Optional<X509Certificate> previous = Optional.empty();
        Optional<X509Certificate> next = Optional.empty();
        Optional<Instant> trustedSince = Optional.empty();
        boolean trustPublished = true;
        List<X509Certificate> leaves = List.of(CA.issue(request, issued).certificate());
        Clock now = at(offset);
        switch (state) {
            case "missing" -> current = Optional.empty();
            case "rotating-leaves-old", "rotating-old-expired" -> {
                // Restarted half-way: the new CA is stored and trusted, one leaf is reissued, one is not.
                current = Optional.of(OTHER_CA.certificate());
                previous = Optional.of(CA.certificate());
                leaves = List.of(OTHER_CA.issue(request, issued).certificate(), CA.issue(request, issued).certificate());
            }
            case "rotating-leaves-reissued" -> {
                current = Optional.of(OTHER_CA.certificate());
                previous = Optional.of(CA.certificate());
                leaves = List.of(OTHER_CA.issue(request, issued).certificate(), OTHER_CA.issue(request, issued).certificate());
            }
            case "next-publishing" -> {
                // The next CA is stored; some caBundle or trust bundle did not hold it when the pass began.
                next = Optional.of(OTHER_CA.certificate());
                trustPublished = false;
            }
            case "next-published" -> next = Optional.of(OTHER_CA.certificate());
            case "next-trusted-recently" -> {
                next = Optional.of(OTHER_CA.certificate());
                trustedSince = Optional.of(now.instant().minus(RotationPolicy.DEFAULT_PROPAGATION).plusSeconds(1));
            }
            case "next-trusted-long-ago" -> {
                next = Optional.of(OTHER_CA.certificate());
                trustedSince = Optional.of(now.instant().minus(RotationPolicy.DEFAULT_PROPAGATION));
            }
            default -> { }
        }

        RotationDecision decision = CertificateRotation.authority(new AuthorityState(current, next, trustedSince, previous),
                trustPublished, leaves, RotationPolicy.caDefaults(), now);

        assertThat(decision.action()).isEqualTo(action);
        assertThat(decision.reason()).isEqualTo(reason);
    }
}
