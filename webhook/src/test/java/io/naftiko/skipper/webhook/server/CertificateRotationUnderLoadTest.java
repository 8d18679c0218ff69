package io.naftiko.skipper.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.api.admission.AdmissionContext;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.KeyAlgorithm;
import io.naftiko.skipper.certs.LeafRequest;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.tls.TlsMaterial;
import io.naftiko.skipper.webhook.admission.AdmissionReviewHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Clients in a loop of HTTPS requests, on kept-alive and on fresh connections, while the server's
 * certificate is rotated 50 times and its CA once (clients trust the bundle of old and new CA, as
 * during an overlap): not one request fails, and new handshakes see the new certificates.
 */
class CertificateRotationUnderLoadTest {

    private static final int ROTATIONS = 50;

    @Test
    void rotatingFiftyTimesAndTheCaOnceFailsNoRequest() throws Exception {
        Clock clock = SystemClock.utc();
        CertificateAuthority oldCa = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256, Duration.ofDays(30), clock);
        CertificateAuthority newCa = CertificateAuthority.create("skipper-ca", KeyAlgorithm.EC_P256, Duration.ofDays(30), clock);
        List<X509Certificate> bundle = List.of(oldCa.certificate(), newCa.certificate());
        ReloadableTls tls = new ReloadableTls(serving(oldCa, clock));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger succeeded = new AtomicInteger();
        List<String> failures = new ArrayList<>();
        Set<String> servedSerials = ConcurrentHashMap.newKeySet();

        try (WebhookServer server = WebhookServer.start(WebhookServer.Options.onPort(0), tls,
                new AdmissionReviewHandler(AdmissionContext::shippedDefaults), () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
            HttpClient keptAlive = Https.client(bundle);
            SSLContext fresh = Https.trusting(bundle);
            CountDownLatch started = new CountDownLatch(2);
            Thread keepAliveLoop = new Thread(() -> {
                started.countDown();
                while (running.get()) {
                    try {
                        int status = Https.get(keptAlive, server.port(), "/healthz").statusCode();
                        record(status == 200, "kept-alive status " + status, succeeded, failures);
                    } catch (Exception e) {
                        record(false, "kept-alive: " + e, succeeded, failures);
                    }
                }
            });
            Thread freshLoop = new Thread(() -> {
                started.countDown();
                while (running.get()) {
                    try (SSLSocket socket = (SSLSocket) fresh.getSocketFactory().createSocket("localhost", server.port())) {
                        socket.startHandshake();
                        servedSerials.add(((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString());
                        OutputStream out = socket.getOutputStream();
                        out.write("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        InputStream in = socket.getInputStream();
                        String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                        record(response.startsWith("HTTP/1.1 200"), "fresh: " + response.lines().findFirst().orElse(""), succeeded, failures);
                    } catch (Exception e) {
                        record(false, "fresh: " + e, succeeded, failures);
                    }
                }
            });
            keepAliveLoop.start();
            freshLoop.start();
            started.await();

            for (int i = 0; i < ROTATIONS; i++) {
                CertificateAuthority issuer = i < ROTATIONS / 2 ? oldCa : newCa;
                tls.update(serving(issuer, clock));
                int before = succeeded.get();
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (succeeded.get() < before + 4 && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
            }
            running.set(false);
            keepAliveLoop.join();
            freshLoop.join();
        }

        assertThat(failures).isEmpty();
        assertThat(succeeded.get()).isGreaterThan(ROTATIONS * 4);
        assertThat(servedSerials).as("new handshakes saw the rotated certificates").hasSizeGreaterThan(ROTATIONS / 2);
        assertThat(tls.current().chain().get(1)).isEqualTo(newCa.certificate());
    }

    private static TlsMaterial serving(CertificateAuthority ca, Clock clock) {
        IssuedCertificate leaf = ca.issue(LeafRequest.server("localhost", List.of("localhost"), Duration.ofDays(1)), clock);
        return new TlsMaterial(leaf.chain(), leaf.key());
    }

    private static void record(boolean ok, String what, AtomicInteger succeeded, List<String> failures) {
        if (ok) {
            succeeded.incrementAndGet();
        } else {
            synchronized (failures) {
                failures.add(what);
            }
        }
    }
}
