package io.naftiko.skipper.gateway;

import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.TrustStores;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;

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
            return TrustStores.trusting(Pem.readCertificates(Files.readString(caFile)));
        } catch (PemException e) {
            throw new IOException(caFile + " holds no usable CA certificate: " + e.getMessage(), e);
        }
    }
}
