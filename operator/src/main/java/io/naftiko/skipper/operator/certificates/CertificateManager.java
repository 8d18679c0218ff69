package io.naftiko.skipper.operator.certificates;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.api.v1alpha3.WardenStatus;
import io.naftiko.skipper.certs.CertificateAuthority;
import io.naftiko.skipper.certs.CertificateUsage;
import io.naftiko.skipper.certs.IssuedCertificate;
import io.naftiko.skipper.certs.LeafRequest;
import io.naftiko.skipper.certs.Pem;
import io.naftiko.skipper.certs.PemException;
import io.naftiko.skipper.certs.rotation.CertificateRotation;
import io.naftiko.skipper.certs.rotation.RotationAction;
import io.naftiko.skipper.certs.rotation.RotationDecision;
import io.naftiko.skipper.operator.bundles.WardenController;
import io.naftiko.skipper.operator.events.OperatorEvent;
import io.naftiko.skipper.operator.lifecycle.PassIncomplete;
import io.naftiko.skipper.reconciler.write.OwnedWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps Skipper's certificates: the CA in Secret {@code skipper-ca}, the webhook's and the bundle server's serving
 * certificates, the {@code caBundle} of Skipper's webhook configurations, and each Warden's client certificate in
 * {@code {warden}-warden-mtls}. Each {@link #reconcile()} reads what is stored, asks the pure rotation decisions what
 * to do, and writes only what changes. A CA rotation is trust first: the next CA enters every trust bundle and
 * caBundle, is recorded as trusted once a pass finds it everywhere, signs only after the propagation time, and the
 * old CA leaves only once every leaf is reissued and has had time to reach its servers.
 */
public final class CertificateManager {

    /** Counter of passes that found the CA Secret unreadable. */
    public static final String CA_UNREADABLE_METRIC = "skipper_certificate_authority_unreadable_total";
    private static final int HTTP_CONFLICT = 409;

    private final KubernetesClient client;
    private final CertificateSettings settings;
    private final Clock clock;
    private final OwnedWriter writer;
    private final Counter unreadable;

    /** A manager over a cluster; {@code registry} receives {@value #CA_UNREADABLE_METRIC}. */
    public CertificateManager(KubernetesClient client, CertificateSettings settings, Clock clock, MeterRegistry registry) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.writer = new OwnedWriter(client);
        this.unreadable = Counter.builder(CA_UNREADABLE_METRIC)
                .description("Certificate passes that found Secret skipper-ca unreadable (nothing is issued until it is fixed)")
                .register(registry);
    }

    /**
     * What every replica does before it serves, leader or not: creates the CA and the serving certificates if they
     * are missing, and nothing else (rotation is the leader's). A 409 means another replica created it first.
     */
    public List<OperatorEvent> ensureServingCertificates() {
        List<OperatorEvent> events = new ArrayList<>();
        StoredCertificates.Read read = StoredCertificates.authorities(secret(settings.namespace(), CertificateSettings.CA_SECRET));
        if (read.problem().isPresent()) {
            return List.of(unreadableAuthority(read.problem().get()));
        }
        StoredCertificates.Authorities authorities = read.authorities();
        if (authorities.current().isEmpty()) {
            StoredCertificates.Authorities created = new StoredCertificates.Authorities(Optional.of(newAuthority()), Optional.empty(),
                    Optional.empty(), Optional.empty());
            if (createIfMissing(StoredCertificates.authoritySecret(settings.namespace(), created))) {
                events.add(secretEvent(settings.namespace(), CertificateSettings.CA_SECRET, "Missing", "CREATE: no CA was stored"));
            }
            read = StoredCertificates.authorities(secret(settings.namespace(), CertificateSettings.CA_SECRET));
            if (read.problem().isPresent()) {
                return List.of(unreadableAuthority(read.problem().get()));
            }
            authorities = read.authorities();
        }
        CertificateAuthority ca = authorities.current().orElseThrow();
        String bundle = authorities.bundlePem();
        for (ServingLeaf leaf : servingLeaves()) {
            if (secret(settings.namespace(), leaf.secret()) == null) {
                IssuedCertificate issued = ca.issue(request(leaf.secret(), leaf.dnsNames(), List.of(), CertificateUsage.SERVER), clock);
                if (createIfMissing(StoredCertificates.leafSecret(settings.namespace(), leaf.secret(), issued, bundle))) {
                    events.add(secretEvent(settings.namespace(), leaf.secret(), "Missing", "CREATE: serving certificate issued"));
                }
            }
        }
        return events;
    }

    /** One leader pass; returns what it changed (nothing at steady state). One bad Warden does not stop the others. */
    public List<OperatorEvent> reconcile() {
        List<OperatorEvent> events = new ArrayList<>();
        StoredCertificates.Read read = StoredCertificates.authorities(secret(settings.namespace(), CertificateSettings.CA_SECRET));
        if (read.problem().isPresent()) {
            return List.of(unreadableAuthority(read.problem().get()));
        }
        Map<String, Secret> servingSecrets = new LinkedHashMap<>();
        for (ServingLeaf serving : servingLeaves()) {
            servingSecrets.put(serving.secret(), secret(settings.namespace(), serving.secret()));
        }
        List<Warden> wardens = client.resources(Warden.class).inAnyNamespace().list().getItems();
        List<Secret> leafSecrets = new ArrayList<>();
        servingSecrets.values().stream().filter(Objects::nonNull).forEach(leafSecrets::add);
        for (Warden warden : wardens) {
            Optional.ofNullable(secret(warden.getMetadata().getNamespace(), wardenSecretName(warden))).ifPresent(leafSecrets::add);
        }
        List<X509Certificate> leaves = leafSecrets.stream().map(StoredCertificates::leaf).flatMap(Optional::stream).toList();

        StoredCertificates.Authorities stored = read.authorities();
        // Nothing to publish before there is a CA; after, whether it was all already in place decides the rotation.
        boolean trustPublished = stored.current().isPresent() && publishTrust(stored.bundlePem(), leafSecrets, events);
        StoredCertificates.Authorities authorities = authorities(stored, trustPublished, leaves, events);
        String bundle = authorities.bundlePem();
        if (!bundle.equals(stored.bundlePem())) {
            publishTrust(bundle, leafSecrets, events);
        }
        CertificateAuthority ca = authorities.current().orElseThrow();

        for (ServingLeaf serving : servingLeaves()) {
            leaf(settings.namespace(), serving.secret(), servingSecrets.get(serving.secret()), ca, bundle, serving.dnsNames(), List.of(),
                    CertificateUsage.SERVER, null, events);
        }
        List<String> failed = new ArrayList<>();
        for (Warden warden : wardens) {
            String namespace = warden.getMetadata().getNamespace();
            String name = wardenSecretName(warden);
            try {
                X509Certificate issued = leaf(namespace, name, secret(namespace, name), ca, bundle, List.of(),
                        List.of(CertificateSettings.wardenIdentity(namespace, warden.getMetadata().getName())),
                        CertificateUsage.CLIENT, warden, events);
                wardenStatus(warden, issued, events);
            } catch (KubernetesClientException e) {
                failed.add("Warden " + namespace + "/" + warden.getMetadata().getName() + " (" + e.getCode() + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new PassIncomplete(failed.size() + " of " + wardens.size() + " Warden certificates could not be written: " + failed,
                    events);
        }
        return events;
    }

    private OperatorEvent unreadableAuthority(String problem) {
        unreadable.increment();
        return OperatorEvent.warning("v1", "Secret", settings.namespace(), CertificateSettings.CA_SECRET, "CaUnreadable",
                "Secret " + settings.namespace() + "/" + CertificateSettings.CA_SECRET + " cannot be read (" + problem + "): no certificate"
                        + " is issued or rotated, and the CA is not replaced; restore the Secret, or delete it to start a new CA");
    }

    private StoredCertificates.Authorities authorities(StoredCertificates.Authorities stored, boolean trustPublished,
                                                       List<X509Certificate> leaves, List<OperatorEvent> events) {
        RotationDecision decision = CertificateRotation.authority(stored.state(), trustPublished, leaves, settings.caPolicy(), clock);
        StoredCertificates.Authorities next = switch (decision.action()) {
            case NOOP -> stored;
            case CREATE -> new StoredCertificates.Authorities(Optional.of(newAuthority()), Optional.empty(), Optional.empty(),
                    Optional.empty());
            case RENEW, REPLACE_KEY -> new StoredCertificates.Authorities(stored.current(), Optional.of(newAuthority()),
                    Optional.empty(), stored.previous());
            case RECORD_TRUST -> new StoredCertificates.Authorities(stored.current(), stored.next(), Optional.of(clock.instant()),
                    stored.previous());
            case PROMOTE_NEXT -> new StoredCertificates.Authorities(stored.next(), Optional.empty(), Optional.empty(),
                    stored.current().map(CertificateAuthority::certificate));
            case REMOVE_OLD_CA -> new StoredCertificates.Authorities(stored.current(), stored.next(), stored.nextTrustedSince(),
                    Optional.empty());
        };
        if (decision.changes()) {
            writer.apply(StoredCertificates.authoritySecret(settings.namespace(), next));
            events.add(secretEvent(settings.namespace(), CertificateSettings.CA_SECRET, decision.reason(),
                    decision.action() + ": " + decision.message()));
        }
        return next;
    }

    private CertificateAuthority newAuthority() {
        return CertificateAuthority.create("skipper-ca", settings.caPolicy().algorithm(), settings.caPolicy().lifetime(), clock);
    }

    /**
     * Writes the trust bundle into every webhook configuration's caBundle and every leaf Secret's {@code ca.crt};
     * returns whether all of them already held it (nothing was written).
     */
    private boolean publishTrust(String bundlePem, List<Secret> leafSecrets, List<OperatorEvent> events) {
        String encoded = Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.UTF_8));
        boolean published = caBundle(client.admissionRegistration().v1().mutatingWebhookConfigurations()
                        .withName(settings.webhookConfiguration()).get(), encoded, events,
                configuration -> configuration.getWebhooks().stream().map(MutatingWebhook::getClientConfig).toList(),
                configuration -> client.admissionRegistration().v1().mutatingWebhookConfigurations()
                        .withName(configuration.getMetadata().getName()).edit(live -> setCaBundle(live, encoded,
                                l -> l.getWebhooks().stream().map(MutatingWebhook::getClientConfig).toList())));
        published &= caBundle(client.admissionRegistration().v1().validatingWebhookConfigurations()
                        .withName(settings.webhookConfiguration()).get(), encoded, events,
                configuration -> configuration.getWebhooks().stream().map(ValidatingWebhook::getClientConfig).toList(),
                configuration -> client.admissionRegistration().v1().validatingWebhookConfigurations()
                        .withName(configuration.getMetadata().getName()).edit(live -> setCaBundle(live, encoded,
                                l -> l.getWebhooks().stream().map(ValidatingWebhook::getClientConfig).toList())));
        for (Secret leafSecret : leafSecrets) {
            if (!bundlePem.equals(StoredCertificates.text(leafSecret, StoredCertificates.CA_CERT).orElse(null))) {
                Secret refreshed = owned(leafSecret);
                refreshed.getData().put(StoredCertificates.CA_CERT, encoded);
                writer.apply(refreshed);
                published = false;
            }
        }
        return published;
    }

    /** Writes the caBundle of one configuration if any of its webhooks lacks it; returns whether none did. */
    private static <T extends HasMetadata> boolean caBundle(T configuration, String encoded,
            List<OperatorEvent> events, Function<T, List<WebhookClientConfig>> clients, Consumer<T> write) {
        if (configuration == null || clients.apply(configuration).stream().allMatch(c -> encoded.equals(c.getCaBundle()))) {
            return true;
        }
        // A JSON patch of the caBundle fields only: the configuration itself belongs to whoever installed Skipper.
        write.accept(configuration);
        events.add(OperatorEvent.normal("admissionregistration.k8s.io/v1", configuration.getKind(), null,
                configuration.getMetadata().getName(), "CaBundleWritten", "caBundle set to Skipper's trust bundle"));
        return false;
    }

    private static <T> T setCaBundle(T live, String encoded, Function<T, List<WebhookClientConfig>> clients) {
        clients.apply(live).forEach(c -> c.setCaBundle(encoded));
        return live;
    }

    private X509Certificate leaf(String namespace, String name, Secret stored, CertificateAuthority ca, String bundlePem,
                                 List<String> dnsNames, List<String> uris, CertificateUsage usage, Warden owner,
                                 List<OperatorEvent> events) {
        Optional<X509Certificate> current = StoredCertificates.leaf(stored);
        RotationDecision decision = CertificateRotation.leaf(current, ca.certificate(), dnsNames, uris, settings.leafPolicy(), clock);
        if (!decision.changes()) {
            return current.orElseThrow();
        }
        LeafRequest request = request(uris.isEmpty() ? dnsNames.get(0) : name, dnsNames, uris, usage);
        Optional<KeyPair> keptKey = decision.action() == RotationAction.RENEW ? keyPair(stored, current.get()) : Optional.empty();
        IssuedCertificate issued = keptKey.map(key -> ca.issue(request, key, clock)).orElseGet(() -> ca.issue(request, clock));
        Secret secret = StoredCertificates.leafSecret(namespace, name, issued, bundlePem);
        if (owner != null) {
            secret.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(Capability.API_VERSION)
                    .withKind("Warden").withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                    .withController(true).withBlockOwnerDeletion(true).build()));
        }
        writer.apply(secret);
        events.add(secretEvent(namespace, name, decision.reason(), decision.action() + ": " + decision.message()
                + "; now valid until " + issued.certificate().getNotAfter().toInstant()));
        return issued.certificate();
    }

    private LeafRequest request(String commonName, List<String> dnsNames, List<String> uris, CertificateUsage usage) {
        return new LeafRequest(commonName, dnsNames, uris, settings.leafPolicy().lifetime(), usage, settings.leafPolicy().algorithm());
    }

    /** The serving certificates every replica needs. */
    private record ServingLeaf(String secret, List<String> dnsNames) {
    }

    private List<ServingLeaf> servingLeaves() {
        return List.of(new ServingLeaf(CertificateSettings.WEBHOOK_SECRET, settings.webhookDnsNames()),
                new ServingLeaf(CertificateSettings.BUNDLES_SECRET, settings.bundleDnsNames()),
                new ServingLeaf(CertificateSettings.GATEWAY_SECRET, settings.gatewayDnsNames()));
    }

    private static Optional<KeyPair> keyPair(Secret stored, X509Certificate certificate) {
        return StoredCertificates.text(stored, StoredCertificates.TLS_KEY).flatMap(pem -> {
            try {
                return Optional.of(new KeyPair(certificate.getPublicKey(), Pem.readPrivateKey(pem)));
            } catch (PemException e) {
                return Optional.empty();
            }
        });
    }

    private void wardenStatus(Warden warden, X509Certificate certificate, List<OperatorEvent> events) {
        String notAfter = certificate.getNotAfter().toInstant().toString();
        WardenStatus status = warden.getStatus();
        if (status != null && notAfter.equals(status.certificateNotAfter())) {
            return;
        }
        WardenController.editStatus(client, warden,
                old -> new WardenStatus(notAfter, old.instances(), old.observedGeneration(), old.conditions()));
        events.add(OperatorEvent.normal(Capability.API_VERSION, "Warden", warden.getMetadata().getNamespace(),
                warden.getMetadata().getName(), "CertificateExpiryUpdated", "client certificate valid until " + notAfter));
    }

    private Secret secret(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    /** Creates a Secret unless it exists; returns whether this call created it (409: another replica did). */
    private boolean createIfMissing(Secret secret) {
        try {
            client.secrets().inNamespace(secret.getMetadata().getNamespace()).resource(secret).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    /** A live Secret reduced to what Skipper applies: name, namespace, labels, owners, type and data. */
    private static Secret owned(Secret live) {
        return new SecretBuilder().withNewMetadata().withName(live.getMetadata().getName())
                .withNamespace(live.getMetadata().getNamespace()).withLabels(live.getMetadata().getLabels())
                .withOwnerReferences(live.getMetadata().getOwnerReferences()).endMetadata()
                .withType(live.getType()).withData(new LinkedHashMap<>(Objects.requireNonNullElse(live.getData(),
                        Map.of()))).build();
    }

    private static OperatorEvent secretEvent(String namespace, String name, String reason, String message) {
        return OperatorEvent.normal("v1", "Secret", namespace, name, reason, message);
    }

    private static String wardenSecretName(Warden warden) {
        return warden.getMetadata().getName() + CertificateSettings.WARDEN_SECRET_SUFFIX;
    }
}
