package io.naftiko.skipper.operator.certificates;

import io.naftiko.skipper.certs.rotation.RotationPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Where Skipper keeps its certificates and how they rotate.
 *
 * @param namespace          Skipper's own namespace (CA and serving Secrets)
 * @param webhookService     Service in front of the webhook, whose names the serving certificate carries
 * @param bundleService      Service in front of the bundle server, whose names its serving certificate carries
 * @param webhookConfiguration name of the Mutating and Validating WebhookConfigurations whose caBundle Skipper writes
 * @param caPolicy           CA lifetime and rotation point
 * @param leafPolicy         leaf lifetime and renewal point
 * @param extraDnsNames      more names for both serving certificates, e.g. {@code localhost} when clients connect locally
 */
public record CertificateSettings(String namespace, String webhookService, String bundleService, String webhookConfiguration,
                                  RotationPolicy caPolicy, RotationPolicy leafPolicy, List<String> extraDnsNames) {

    /** Secret holding the CA (and the previous CA during a rotation). */
    public static final String CA_SECRET = "skipper-ca";
    /** Secret holding the webhook's serving certificate. */
    public static final String WEBHOOK_SECRET = "skipper-webhook-tls";
    /** Secret holding the bundle server's serving certificate. */
    public static final String BUNDLES_SECRET = "skipper-bundles-tls";
    /** Secret holding the MCP gateway's serving certificate (the gateway's pods mount it). */
    public static final String GATEWAY_SECRET = "skipper-gateway-tls";
    /** The MCP gateway's Service. */
    public static final String GATEWAY_SERVICE = "skipper-gateway";
    /** Suffix of a Warden's client certificate Secret: {@code {warden}-warden-mtls}. */
    public static final String WARDEN_SECRET_SUFFIX = "-warden-mtls";

    /** Skipper's defaults in a namespace. */
    public static CertificateSettings defaults(String namespace) {
        return new CertificateSettings(namespace, "skipper-webhook", "skipper-bundles", "skipper", RotationPolicy.caDefaults(),
                RotationPolicy.leafDefaults(), List.of());
    }

    /** The webhook serving certificate's DNS names: {@code svc}, {@code svc.ns}, {@code svc.ns.svc}. */
    public List<String> webhookDnsNames() {
        return serviceNames(webhookService);
    }

    /** The bundle server serving certificate's DNS names, likewise. */
    public List<String> bundleDnsNames() {
        return serviceNames(bundleService);
    }

    /** The gateway serving certificate's DNS names, likewise. */
    public List<String> gatewayDnsNames() {
        return serviceNames(GATEWAY_SERVICE);
    }

    /** The URL Wardens reach the bundle server at. */
    public String bundleServiceUrl(int port) {
        return "https://" + bundleService + "." + namespace + ".svc:" + port;
    }

    /** The same settings, with more names on the serving certificates. */
    public CertificateSettings withExtraDnsNames(List<String> names) {
        return new CertificateSettings(namespace, webhookService, bundleService, webhookConfiguration, caPolicy, leafPolicy,
                List.copyOf(names));
    }

    private List<String> serviceNames(String service) {
        List<String> names = new ArrayList<>(List.of(service, service + "." + namespace, service + "." + namespace + ".svc"));
        names.addAll(extraDnsNames);
        return names;
    }

    /** A Warden's identity: {@code spiffe://naftiko.io/ns/{ns}/warden/{name}}. */
    public static String wardenIdentity(String namespace, String name) {
        return "spiffe://naftiko.io/ns/" + namespace + "/warden/" + name;
    }
}
