package io.naftiko.skipper.tls;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.TrustStores;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A serving certificate chain and its key, as a TLS server needs them.
 *
 * @param chain the leaf first, then its issuers
 * @param key   the leaf's private key
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key) {

    /** Reads PEM texts: certificate chain and private key. */
    public static TlsMaterial fromPem(String certificatesPem, String keyPem) throws PemException {
        return new TlsMaterial(Pem.readCertificates(certificatesPem), Pem.readPrivateKey(keyPem));
    }

    /** Whether the key is the certificate's: it signs a challenge that the certificate's public key verifies. */
    public boolean keyMatchesCertificate() {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] challenge = "skipper-key-check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(chain.get(0).getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A PKCS#12 key store holding this chain and key, for Jetty. */
    KeyStore keyStore() {
        try {
            // Round-trip through bytes so Jetty gets a store that behaves like a loaded file.
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            TrustStores.keyStore(chain, key).store(bytes, TrustStores.IN_MEMORY_PASSWORD);
            KeyStore loaded = KeyStore.getInstance("PKCS12");
            loaded.load(new ByteArrayInputStream(bytes.toByteArray()), TrustStores.IN_MEMORY_PASSWORD);
            return loaded;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store from the serving certificate", e);
        }
    }
}
