package io.naftiko.skipper.webhook.server;

import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of a server, whose certificate can change while it runs. Jetty swaps the SSL
 * context for new handshakes; connections already established keep theirs, so nothing in flight fails.
 */
public final class ReloadableTls {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableTls.class);

    private final SslContextFactory.Server factory = new SslContextFactory.Server();
    private final AtomicReference<TlsMaterial> current = new AtomicReference<>();

    /** TLS with an initial certificate. */
    public ReloadableTls(TlsMaterial initial) {
        factory.setKeyStore(initial.keyStore());
        factory.setKeyStorePassword(new String(TlsMaterial.STORE_PASSWORD));
        factory.setKeyManagerPassword(new String(TlsMaterial.STORE_PASSWORD));
        factory.setSniRequired(false);
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        current.set(initial);
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

    /** The certificate being served. */
    public TlsMaterial current() {
        return current.get();
    }

    SslContextFactory.Server factory() {
        return factory;
    }
}
