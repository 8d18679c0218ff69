package io.naftiko.skipper.certs;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts and stores that trust a given set of CAs (a trust bundle): for clients of Skipper's servers,
 * for mTLS clients such as a Warden, and for servers that check client certificates.
 */
public final class TrustStores {

    /** Password of the in-memory key stores; they never touch a disk. */
    public static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private TrustStores() {
    }

    /** An SSL context whose trust anchors are exactly these CAs. */
    public static SSLContext trusting(List<X509Certificate> authorities) {
        return context(authorities, null);
    }

    /** An SSL context that trusts these CAs and presents a client certificate (mTLS). */
    public static SSLContext trustingWithClientCertificate(List<X509Certificate> authorities, List<X509Certificate> chain,
                                                           PrivateKey key) {
        return context(authorities, keyStore(chain, key));
    }

    /** A key store holding these CAs as trusted entries. */
    public static KeyStore trustStore(List<X509Certificate> authorities) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                trust.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            return trust;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** A key store holding one key entry, protected by {@link #IN_MEMORY_PASSWORD}. */
    public static KeyStore keyStore(List<X509Certificate> chain, PrivateKey key) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store", e);
        }
    }

    private static SSLContext context(List<X509Certificate> authorities, KeyStore keys) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(authorities));
            KeyManagerFactory keyManagers = null;
            if (keys != null) {
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keys, IN_MEMORY_PASSWORD);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }
}
