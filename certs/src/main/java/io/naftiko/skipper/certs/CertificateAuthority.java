package io.naftiko.skipper.certs;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority: its certificate and key, and the issuing of leaves. Time comes from the
 * caller's {@link Clock}; {@code notBefore} is back-dated by {@link #BACKDATE} for clock skew between nodes.
 *
 * @param certificate the CA certificate (self-signed)
 * @param key         the CA's private key
 */
public record CertificateAuthority(X509Certificate certificate, PrivateKey key) {

    /** How far notBefore lies before the moment of issuance. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Creates a self-signed CA valid for {@code validity} from now. */
    public static CertificateAuthority create(String commonName, KeyAlgorithm algorithm, Duration validity, Clock clock) {
        KeyPair pair = algorithm.generate(RANDOM);
        X500Name subject = name(commonName);
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate(), algorithm), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build a CA certificate", e);
        }
    }

    /** Issues a leaf with a new key of the requested type. */
    public IssuedCertificate issue(LeafRequest request, Clock clock) {
        KeyPair pair = request.algorithm().generate(RANDOM);
        return new IssuedCertificate(sign(request, pair.getPublic(), clock), pair.getPrivate(), certificate);
    }

    /** Issues a leaf for an existing key (renewal that keeps the key). */
    public IssuedCertificate issue(LeafRequest request, KeyPair pair, Clock clock) {
        return new IssuedCertificate(sign(request, pair.getPublic(), clock), pair.getPrivate(), certificate);
    }

    private X509Certificate sign(LeafRequest request, PublicKey publicKey, Clock clock) {
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(request.validity())), name(request.commonName()), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(publicKey.getAlgorithm().equals("RSA")
                            ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment : KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(request.usage()))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            List<GeneralName> names = new ArrayList<>();
            request.dnsNames().forEach(dns -> names.add(new GeneralName(AlternativeNames.isIpAddress(dns) ? GeneralName.iPAddress : GeneralName.dNSName, dns)));
            request.uris().forEach(uri -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
            if (!names.isEmpty()) {
                // Critical when the subject carries no identity of its own, as RFC 5280 asks; we always name by SAN.
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            KeyAlgorithm signer = KeyAlgorithm.of(certificate.getPublicKey())
                    .orElseThrow(() -> new IllegalStateException("unsupported CA key"));
            return sign(builder, key, signer);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot build a certificate for " + request.commonName(), e);
        }
    }

    private static ExtendedKeyUsage extendedKeyUsage(CertificateUsage usage) {
        return switch (usage) {
            case SERVER -> new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth);
            case CLIENT -> new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth);
            case SERVER_AND_CLIENT -> new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
        };
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey, KeyAlgorithm algorithm) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm.signatureAlgorithm()).build(signingKey)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Skipper").addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger serial() {
        // 127 random bits: positive, unique, and unpredictable (CA/Browser Forum asks for at least 64).
        return new BigInteger(127, RANDOM).setBit(126);
    }
}
