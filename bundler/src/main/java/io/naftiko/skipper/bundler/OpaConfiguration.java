package io.naftiko.skipper.bundler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.naftiko.skipper.api.Mappers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A complete OPA configuration for one Warden: Skipper's bundle service with the Warden's client
 * certificate, one bundle per grant with its signing key id and scope, the public keys that verify them,
 * status reporting back to Skipper and, when Skipper collects them, decision logs to its audit intake (with reporting
 * limits below the intake's, so a stock OPA's uploads are never refused for their size). OPA reads it as is
 * ({@code opa run --server -c config.yaml}).
 */
public final class OpaConfiguration {

    /** The name of Skipper's bundle service in the configuration. */
    public static final String SERVICE = "skipper";
    /** Where a Warden pod mounts its {@code {warden}-warden-mtls} Secret. */
    public static final String MTLS_MOUNT = "/var/run/naftiko/warden-mtls";

    private OpaConfiguration() {
    }

    /**
     * A public key that verifies bundles.
     *
     * @param keyId     its id, as signatures name it in {@code kid}
     * @param algorithm {@code RS256}, {@code PS256} or {@code ES256}
     * @param publicPem the public key in PEM
     */
    public record PublicKeyEntry(String keyId, String algorithm, String publicPem) {
    }

    /**
     * What a Warden's configuration says.
     *
     * @param warden       the Warden
     * @param serviceUrl   the bundle server's URL, e.g. {@code https://skipper-bundles.skipper.svc:8443}
     * @param bundles      the bundles it is granted
     * @param signingKeyId the key id bundles are signed with now
     * @param keys         every public key it must trust (during a rotation, the current and the next)
     * @param scope        the scope signatures carry, if any
     * @param longPoll     how long a long poll may wait
     * @param decisionLogs whether decision logs go to Skipper's audit intake ({@code POST /logs})
     */
    public record Settings(WardenIdentity warden, String serviceUrl, List<String> bundles, String signingKeyId,
                           List<PublicKeyEntry> keys, Optional<String> scope, Duration longPoll, boolean decisionLogs) {

        /** Settings of a Warden whose decisions stay with it. */
        public Settings(WardenIdentity warden, String serviceUrl, List<String> bundles, String signingKeyId,
                        List<PublicKeyEntry> keys, Optional<String> scope, Duration longPoll) {
            this(warden, serviceUrl, bundles, signingKeyId, keys, scope, longPoll, false);
        }
    }

    /** Bytes of one gzip upload OPA sends: a quarter of the audit intake's default limit (4 MiB). */
    public static final int DECISION_UPLOAD_BYTES = 1024 * 1024;
    /** Bytes of decisions OPA buffers while Skipper cannot be reached; beyond it OPA drops the oldest. */
    public static final int DECISION_BUFFER_BYTES = 32 * 1024 * 1024;

    /** The configuration, as a JSON tree (JSON is YAML, so OPA reads it from a {@code .yaml} file too). */
    public static ObjectNode of(Settings settings) {
        ObjectNode config = Mappers.json().createObjectNode();
        ObjectNode service = config.putObject("services").putObject(SERVICE);
        service.put("url", settings.serviceUrl());
        service.putObject("tls").put("ca_cert", MTLS_MOUNT + "/ca.crt");
        service.putObject("credentials").putObject("client_tls")
                .put("cert", MTLS_MOUNT + "/tls.crt")
                .put("private_key", MTLS_MOUNT + "/tls.key");
        config.putObject("labels").put("warden", settings.warden().toString());
        ObjectNode bundles = config.putObject("bundles");
        for (String name : settings.bundles()) {
            ObjectNode bundle = bundles.putObject(name);
            bundle.put("service", SERVICE);
            bundle.put("resource", "bundles/" + name);
            bundle.put("persist", true);
            bundle.putObject("polling")
                    .put("min_delay_seconds", 10)
                    .put("max_delay_seconds", 20)
                    .put("long_polling_timeout_seconds", settings.longPoll().toSeconds());
            ObjectNode signing = bundle.putObject("signing").put("keyid", settings.signingKeyId());
            settings.scope().ifPresent(scope -> signing.put("scope", scope));
        }
        ObjectNode keys = config.putObject("keys");
        for (PublicKeyEntry key : settings.keys()) {
            keys.putObject(key.keyId()).put("algorithm", key.algorithm()).put("key", key.publicPem());
        }
        config.putObject("status").put("service", SERVICE);
        if (settings.decisionLogs()) {
            ObjectNode reporting = config.putObject("decision_logs").put("service", SERVICE).put("resource", "/logs")
                    .putObject("reporting");
            reporting.put("min_delay_seconds", 5).put("max_delay_seconds", 10)
                    .put("upload_size_limit_bytes", DECISION_UPLOAD_BYTES)
                    .put("buffer_size_limit_bytes", DECISION_BUFFER_BYTES);
        }
        return config;
    }

    /** The key ids a configuration trusts, for checks that a rotation's new key has reached it. */
    public static List<String> trustedKeyIds(ObjectNode configuration) {
        List<String> ids = new ArrayList<>();
        configuration.path("keys").fieldNames().forEachRemaining(ids::add);
        return ids;
    }
}
