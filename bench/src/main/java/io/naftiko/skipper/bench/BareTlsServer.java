package io.naftiko.skipper.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.webhook.admission.AdmissionAnswer;
import io.naftiko.skipper.webhook.admission.AdmissionOutcome;
import io.naftiko.skipper.tls.PemFileWatcher;
import io.naftiko.skipper.tls.ReloadableTls;
import io.naftiko.skipper.webhook.server.WebhookServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The baseline: the same Javalin/Jetty TLS server, connector and body handling as the webhook, whose
 * handler returns a constant AdmissionReview without reading it. Usage: PORT CERT KEY.
 */
public final class BareTlsServer {

    private BareTlsServer() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        ReloadableTls tls = new ReloadableTls(PemFileWatcher.read(Path.of(args[1]), Path.of(args[2])));
        AdmissionAnswer constant = new AdmissionAnswer(200, (ObjectNode) Mappers.json().readTree(
                "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"response\":{\"uid\":\"x\",\"allowed\":true}}"),
                AdmissionOutcome.ALLOWED, "Capability", "shipyard/bench");
        WebhookServer.start(WebhookServer.Options.onPort(Integer.parseInt(args[0])), tls, (endpoint, body) -> constant, () -> true,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        new CountDownLatch(1).await();
    }
}
