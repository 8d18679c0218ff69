package io.naftiko.skipper.webhook.server;

import io.naftiko.skipper.certs.TrustStores;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** An HTTPS client of the test server that trusts given CAs. */
final class Https {

    private Https() {
    }

    static SSLContext trusting(List<X509Certificate> authorities) {
        return TrustStores.trusting(authorities);
    }

    static HttpClient client(List<X509Certificate> authorities) throws Exception {
        return HttpClient.newBuilder().sslContext(trusting(authorities)).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    static HttpResponse<String> post(HttpClient client, int port, String path, String contentType, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
