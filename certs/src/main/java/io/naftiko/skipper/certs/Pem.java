package io.naftiko.skipper.certs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM in and out: certificates (one or many), private keys written as PKCS#8 and read as PKCS#8, PKCS#1 or SEC1. */
public final class Pem {

    private Pem() {
    }

    /** Certificates as PEM, in order. */
    public static String certificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** One certificate as PEM. */
    public static String certificate(X509Certificate certificate) {
        return certificates(List.of(certificate));
    }

    /** A private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public static String privateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A public key as PEM ({@code BEGIN PUBLIC KEY}, SubjectPublicKeyInfo), as OPA's {@code keys} take it. */
    public static String publicKey(PublicKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Every certificate in a PEM text, in order. */
    public static List<X509Certificate> readCertificates(String pem) throws PemException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> read =
                    factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> certificates = new ArrayList<>();
            read.forEach(c -> certificates.add((X509Certificate) c));
            if (certificates.isEmpty()) {
                throw new PemException("no certificate found");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new PemException("not a PEM certificate: " + e.getMessage(), e);
        }
    }

    /** The public key in a PEM text ({@code BEGIN PUBLIC KEY}), or of the first certificate in it. */
    public static PublicKey readPublicKey(String pem) throws PemException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof SubjectPublicKeyInfo info) {
                    return converter.getPublicKey(info);
                }
                if (object instanceof X509CertificateHolder holder) {
                    return converter.getPublicKey(holder.getSubjectPublicKeyInfo());
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPublic();
                }
            }
            throw new PemException("no public key found");
        } catch (IOException e) {
            throw new PemException("not a PEM public key: " + e.getMessage(), e);
        }
    }

    /** The private key in a PEM text (PKCS#8, or PKCS#1 RSA / SEC1 EC as openssl writes them). */
    public static PrivateKey readPrivateKey(String pem) throws PemException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
            throw new PemException("no unencrypted private key found");
        } catch (IOException e) {
            throw new PemException("not a PEM private key: " + e.getMessage(), e);
        }
    }
}
