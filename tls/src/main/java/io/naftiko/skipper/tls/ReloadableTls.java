package io.naftiko.skipper.tls;

import io.naftiko.skipper.certs.TrustStores;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of a server, whose certificate (and, for mTLS, the CAs its clients must chain to) can
 * change while it runs. Jetty swaps the SSL context for new handshakes; connections already established
 * keep theirs, so nothing in flight fails.
 */
public final class ReloadableTls {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableTls.class);

    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private final AtomicReference<TlsMaterial> current = new AtomicReference<>();

    /** TLS with an initial certificate; clients are not asked for one. */
    public ReloadableTls(TlsMaterial initial) {
        factory.setKeyStore(initial.keyStore());
        factory.setKeyStorePassword(new String(TrustStores.IN_MEMORY_PASSWORD));
        factory.setKeyManagerPassword(new String(TrustStores.IN_MEMORY_PASSWORD));
        factory.setSniRequired(false);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        current.set(initial);
    }

    /**
     * Mutual TLS: every client must present a certificate chaining to one of {@code clientAuthorities},
     * or the handshake fails.
     */
    public static ReloadableTls mutual(TlsMaterial initial, List<X509Certificate> clientAuthorities) {
        ReloadableTls tls = new ReloadableTls(initial);
        tls.factory.setNeedClientAuth(true);
        tls.factory.setTrustStore(TrustStores.trustStore(clientAuthorities));
        return tls;
    }

    /** Serves a new certificate from the next handshake on. */
    public void update(TlsMaterial material) {
        try {
            factory.reload(f -> f.setKeyStore(material.keyStore()));
            current.set(material);
            LOG.info("serving certificate reloaded: {} until {}", material.chain().get(0).getSubjectX500Principal().getName(),
                    material.chain().get(0).getNotAfter().toInstant());
        } catch (Exception e) {
            // Jetty's reload declares Exception; keep serving the previous certificate.
            LOG.error("could not load the new serving certificate; still serving the previous one", e);
        }
    }

    /** Trusts a new set of client CAs from the next handshake on (a CA rotation's overlap, then its end). */
    public void updateClientAuthorities(List<X509Certificate> clientAuthorities) {
        try {
            factory.reload(f -> f.setTrustStore(TrustStores.trustStore(clientAuthorities)));
            LOG.info("client certificate authorities reloaded: {} CA(s)", clientAuthorities.size());
        } catch (Exception e) {
            LOG.error("could not load the new client CAs; still trusting the previous ones", e);
        }
    }

    /** The certificate being served. */
    public TlsMaterial current() {
        return current.get();
    }

    /** Jetty's SSL context factory, for a server connector. */
    public SslContextFactory.Server factory() {
        return factory;
    }

    /**
     * An HTTPS connector serving this TLS, for Javalin's {@code config.jetty.addConnector}: HTTP/1.1, no server
     * version header, client certificates exposed to handlers, and the limits' idle timeout, minimum request data
     * rate and connection cap.
     */
    @SuppressWarnings("removal")
    public ServerConnector connector(Server server, HttpConfiguration http, String host, int port, ServerLimits limits) {
        http.addCustomizer(new SecureRequestCustomizer(false));
        http.setSendServerVersion(false);
        // Deprecated in Jetty 12.1 for MinimumDataRateHandler, which needs the server's handler chain (Javalin's);
        // RequestBodies bounds a body's time on its own too, so this is a second line, not the only one.
        http.setMinRequestDataRate(limits.minBytesPerSecond());
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(factory, "http/1.1"),
                new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        return connector;
    }
}
