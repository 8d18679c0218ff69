package io.naftiko.skipper.cli.bundle;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.bundler.BundlePublisher;
import io.naftiko.skipper.bundler.BundleStore;
import io.naftiko.skipper.bundler.OpaConfiguration;
import io.naftiko.skipper.bundler.PolicyFolders;
import io.naftiko.skipper.bundler.PublishOutcome;
import io.naftiko.skipper.bundler.SigningKey;
import io.naftiko.skipper.bundler.WardenIdentity;
import io.naftiko.skipper.bundler.server.BundleServer;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.PublicKeys;
import io.naftiko.skipper.cli.ServingCertificateFiles;
import io.naftiko.skipper.cli.UserError;
import io.naftiko.skipper.tls.PemFileWatcher;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.TlsMaterial;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper bundle serve --policies DIR --port P --signing-key PEM --key-id ID --tls-cert F --tls-key F --client-ca F}. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve each sub-folder of DIR as a signed bundle over mutual TLS (OPA's bundle API).",
            "A change on disk is a new revision within a second; a bad change is refused and the last good revision stays served."})
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--policies", required = true, paramLabel = "DIR", description = "Folder whose sub-folders are bundles.")
    Path policies;

    @Option(names = "--port", defaultValue = "8443", description = "HTTPS port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--signing-key", required = true, paramLabel = "PEM", description = "Private key bundles are signed with.")
    Path signingKey;

    @Option(names = "--key-id", required = true, paramLabel = "ID", description = "Key id in every signature (kid).")
    String keyId;

    @Option(names = "--signing-alg", description = "RS256, PS256 or ES256 (default: RS256 for an RSA key, ES256 for an EC key).")
    String algorithm;

    @Option(names = "--scope", description = "Scope claim in every signature.")
    String scope;

    @Option(names = "--tls-cert", required = true, paramLabel = "FILE", description = "PEM serving certificate chain (reloaded on change).")
    Path tlsCertificate;

    @Option(names = "--tls-key", required = true, paramLabel = "FILE", description = "PEM serving key (reloaded on change).")
    Path tlsKey;

    @Option(names = "--client-ca", required = true, paramLabel = "FILE",
            description = "PEM CA(s) client certificates must chain to (reloaded on change).")
    Path clientCa;

    @Option(names = "--grant", paramLabel = "NS/NAME=B1,B2",
            description = "Bundles a Warden may read (repeatable). Without any, every Warden certificate may read every bundle.")
    List<String> grants = new ArrayList<>();

    @Option(names = "--service-url", paramLabel = "URL",
            description = "URL Wardens reach this server at, for /wardens/{ns}/{name}/config (default: https://localhost:PORT).")
    String serviceUrl;

    @Option(names = "--poll-interval", defaultValue = "500ms", description = "How often DIR is looked at (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(policies)) {
            throw new UserError(policies + ": not a folder");
        }
        SigningKey signing = signingKey();
        Map<WardenIdentity, Set<String>> granted = parseGrants();
        TlsMaterial serving = ServingCertificateFiles.read(tlsCertificate, tlsKey);
        ReloadableTls tls = ReloadableTls.mutual(serving, clientAuthorities());
        BundleStore store = new BundleStore();
        BundlePublisher publisher = new BundlePublisher(store, () -> signing, BundlePublisher.DEFAULT_MAX_SOURCE_BYTES);
        PolicyFolders folders = new PolicyFolders(policies, publisher, store, outcome -> report(out, outcome));
        folders.watch(pollInterval);
        PemFileWatcher servingWatcher = new PemFileWatcher(tlsCertificate, tlsKey, tls, Duration.ofSeconds(10));
        ScheduledExecutorService caWatcher = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<List<X509Certificate>> trusted = new AtomicReference<>(clientAuthorities());
        caWatcher.scheduleWithFixedDelay(() -> {
            try {
                List<X509Certificate> now = clientAuthorities();
                if (!now.equals(trusted.getAndSet(now))) {
                    tls.updateClientAuthorities(now);
                }
            } catch (UserError e) {
                out.println("client CA not reloaded: " + e.getMessage());
            }
        }, 10, 10, TimeUnit.SECONDS);
        BundleServer.Grants grantsOf = warden -> granted.isEmpty() ? Optional.of(store.names()) : Optional.ofNullable(granted.get(warden));
        OpaConfiguration.PublicKeyEntry publicKey = new OpaConfiguration.PublicKeyEntry(keyId, signing.algorithm(),
                Pem.publicKey(PublicKeys.of(signing.key())));
        BundleServer server = BundleServer.start(BundleServer.Options.on(host, port), tls,
                new BundleServer.Sources(store, grantsOf,
                        report -> out.println("status from " + report.warden() + " instance " + report.instanceId() + ": "
                                + report.activeRevisions() + (report.errors().isEmpty() ? "" : " errors " + report.errors())),
                        warden -> grantsOf.bundlesOf(warden).map(bundles -> OpaConfiguration.of(new OpaConfiguration.Settings(warden,
                                Optional.ofNullable(serviceUrl).orElse("https://localhost:" + port), List.copyOf(bundles), keyId,
                                List.of(publicKey), Optional.ofNullable(scope), Duration.ofSeconds(60))))),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), SystemClock.utc());
        out.println("serving " + store.names() + " on https://" + host + ":" + server.port() + ", signed " + signing.algorithm()
                + " by " + keyId + "; clients must chain to " + clientCa + " (Ctrl-C to stop)");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            folders.close();
            servingWatcher.close();
            caWatcher.shutdownNow();
            store.close();
            stopped.countDown();
        }, "bundle-serve-shutdown"));
        stopped.await();
        return 0;
    }

    private static void report(PrintWriter out, PublishOutcome outcome) {
        out.println(outcome.bundle() + ": " + outcome.result().name().toLowerCase(Locale.ROOT)
                + (outcome.revision().isEmpty() ? "" : " " + outcome.revision()) + " (" + outcome.message() + ")");
        out.flush();
    }

    private SigningKey signingKey() {
        try {
            PrivateKey key = Pem.readPrivateKey(Files.readString(signingKey));
            return new SigningKey(key, algorithm != null ? algorithm : SigningKey.defaultAlgorithm(key), keyId, Optional.ofNullable(scope));
        } catch (IOException e) {
            throw new UserError("cannot read " + signingKey + ": " + e.getMessage(), e);
        } catch (PemException e) {
            throw new UserError(signingKey + ": " + e.getMessage(), e);
        }
    }

    private List<X509Certificate> clientAuthorities() {
        try {
            List<X509Certificate> authorities = Pem.readCertificates(Files.readString(clientCa));
            if (authorities.isEmpty()) {
                throw new UserError(clientCa + ": no certificate");
            }
            return authorities;
        } catch (IOException e) {
            throw new UserError("cannot read " + clientCa + ": " + e.getMessage(), e);
        } catch (PemException e) {
            throw new UserError(clientCa + ": " + e.getMessage(), e);
        }
    }

    private Map<WardenIdentity, Set<String>> parseGrants() {
        Map<WardenIdentity, Set<String>> parsed = new LinkedHashMap<>();
        for (String grant : grants) {
            String[] warden = grant.split("=", 2);
            String[] name = warden[0].split("/", 2);
            if (warden.length != 2 || name.length != 2 || name[0].isBlank() || name[1].isBlank() || warden[1].isBlank()) {
                throw new UserError("--grant " + grant + ": expected NAMESPACE/NAME=BUNDLE[,BUNDLE...]");
            }
            parsed.put(new WardenIdentity(name[0], name[1]), Set.of(warden[1].split(",")));
        }
        return parsed;
    }
}
