package io.naftiko.skipper.gateway;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** HTTP clients trusting a given CA, for the Warden the gateway asks and for {@code skipper gateway tools}. */
public final class WardenClients {

    private WardenClients() {
    }

    /** A client trusting the CA in {@code caFile} (the JDK's roots when it is null). */
    public static HttpClient http(Path caFile) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
        if (caFile != null) {
            builder.sslContext(trusting(caFile));
        }
        return builder.build();
    }

    /** An SSL context trusting exactly the certificates in a PEM file. */
    public static SSLContext trusting(Path caFile) throws IOException {
        try {
            return trusting(Pem.readCertificates(Files.readString(caFile)));
        } catch (PemException e) {
            throw new IOException(caFile + " holds no usable CA certificate: " + e.getMessage(), e);
        }
    }

    /** An SSL context trusting exactly these certificates. */
    public static SSLContext trusting(List<X509Certificate> authorities) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < authorities.size(); i++) {
                store.setCertificateEntry("ca-" + i, authorities.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the CA certificates cannot be trusted: " + e.getMessage(), e);
        }
    }
}
