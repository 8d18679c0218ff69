package io.naftiko.skipper.reconciler.certificates;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
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
import io.naftiko.skipper.reconciler.controller.OperatorEvent;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Skipper's certificates: the CA in Secret {@code skipper-ca}, the webhook's and the bundle
 * server's serving certificates, the {@code caBundle} of Skipper's webhook configurations, and each Warden's client
 * certificate in {@code {warden}-warden-mtls}. Each {@link #reconcile()} reads what is stored, asks
 * the pure rotation decisions what to do, and writes only what changes. In a CA rotation the new CA
 * reaches the caBundle before any leaf is signed with it, and the old CA leaves only once every leaf
 * is reissued and has had time to reach its servers.
 */
public final class CertificateManager {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateManager.class);

    private final KubernetesClient client;
    private final CertificateSettings settings;
    private final Clock clock;

    /** A manager over a cluster. */
    public CertificateManager(KubernetesClient client, CertificateSettings settings, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
    }

    /** One pass; returns what it changed (nothing at steady state). */
    public List<OperatorEvent> reconcile() {
        List<OperatorEvent> events = new ArrayList<>();
        Secret webhookSecret = secret(settings.namespace(), CertificateSettings.WEBHOOK_SECRET);
        Secret bundlesSecret = secret(settings.namespace(), CertificateSettings.BUNDLES_SECRET);
        List<Warden> wardens = client.resources(Warden.class).inAnyNamespace().list().getItems();
        List<X509Certificate> leaves = new ArrayList<>();
        StoredCertificates.leaf(webhookSecret).ifPresent(leaves::add);
        StoredCertificates.leaf(bundlesSecret).ifPresent(leaves::add);
        for (Warden warden : wardens) {
            StoredCertificates.leaf(secret(warden.getMetadata().getNamespace(), wardenSecretName(warden))).ifPresent(leaves::add);
        }

        StoredCertificates.Authorities authorities = authorities(leaves, events);
        String bundle = authorities.bundlePem();
        caBundle(bundle, events);
        CertificateAuthority ca = authorities.current().orElseThrow();

        leaf(settings.namespace(), CertificateSettings.WEBHOOK_SECRET, webhookSecret, ca, bundle,
                settings.webhookDnsNames(), List.of(), CertificateUsage.SERVER, null, events);
        leaf(settings.namespace(), CertificateSettings.BUNDLES_SECRET, bundlesSecret, ca, bundle,
                settings.bundleDnsNames(), List.of(), CertificateUsage.SERVER, null, events);
        for (Warden warden : wardens) {
            String namespace = warden.getMetadata().getNamespace();
            String name = wardenSecretName(warden);
            X509Certificate issued = leaf(namespace, name, secret(namespace, name), ca, bundle, List.of(),
                    List.of(CertificateSettings.wardenIdentity(namespace, warden.getMetadata().getName())),
                    CertificateUsage.CLIENT, warden, events);
            wardenStatus(warden, issued, events);
        }
        return events;
    }

    private StoredCertificates.Authorities authorities(List<X509Certificate> leaves, List<OperatorEvent> events) {
        StoredCertificates.Authorities stored = StoredCertificates.authorities(secret(settings.namespace(), CertificateSettings.CA_SECRET));
        RotationDecision decision = CertificateRotation.authority(stored.current().map(CertificateAuthority::certificate),
                stored.previous(), leaves, settings.caPolicy(), clock);
        StoredCertificates.Authorities next = switch (decision.action()) {
            case NOOP -> stored;
            case CREATE -> new StoredCertificates.Authorities(Optional.of(newAuthority()), Optional.empty());
            case RENEW, REPLACE_KEY -> new StoredCertificates.Authorities(Optional.of(newAuthority()),
                    stored.current().map(CertificateAuthority::certificate));
            case REMOVE_OLD_CA -> new StoredCertificates.Authorities(stored.current(), Optional.empty());
        };
        if (decision.changes()) {
            write(StoredCertificates.authoritySecret(settings.namespace(), next));
            events.add(new OperatorEvent("Secret " + settings.namespace() + "/" + CertificateSettings.CA_SECRET,
                    decision.reason(), decision.action() + ": " + decision.message()));
        }
        return next;
    }

    private CertificateAuthority newAuthority() {
        return CertificateAuthority.create("skipper-ca", settings.caPolicy().algorithm(), settings.caPolicy().lifetime(), clock);
    }

    private void caBundle(String bundlePem, List<OperatorEvent> events) {
        String encoded = Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.UTF_8));
        MutatingWebhookConfiguration mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(settings.webhookConfiguration()).get();
        if (mutating != null) {
            caBundle(mutating, mutating.getWebhooks().stream().map(MutatingWebhook::getClientConfig).toList(), encoded, events);
        }
        ValidatingWebhookConfiguration validating = client.admissionRegistration().v1().validatingWebhookConfigurations()
                .withName(settings.webhookConfiguration()).get();
        if (validating != null) {
            caBundle(validating, validating.getWebhooks().stream().map(ValidatingWebhook::getClientConfig).toList(), encoded, events);
        }
    }

    /** Writes the trust bundle into every webhook of one configuration, when any of them lacks it. */
    private void caBundle(HasMetadata configuration, List<WebhookClientConfig> clients, String encoded, List<OperatorEvent> events) {
        if (clients.stream().allMatch(c -> encoded.equals(c.getCaBundle()))) {
            return;
        }
        clients.forEach(c -> c.setCaBundle(encoded));
        client.resource(configuration).update();
        events.add(new OperatorEvent(configuration.getKind() + " " + configuration.getMetadata().getName(), "CaBundleWritten",
                "caBundle set to Skipper's trust bundle"));
    }

    private X509Certificate leaf(String namespace, String name, Secret stored, CertificateAuthority ca, String bundlePem,
                                 List<String> dnsNames, List<String> uris, CertificateUsage usage, Warden owner,
                                 List<OperatorEvent> events) {
        Optional<X509Certificate> current = StoredCertificates.leaf(stored);
        RotationDecision decision = CertificateRotation.leaf(current, ca.certificate(), dnsNames, uris, settings.leafPolicy(), clock);
        String storedBundle = stored == null ? null : StoredCertificates.text(stored, StoredCertificates.CA_CERT).orElse(null);
        if (!decision.changes()) {
            if (!bundlePem.equals(storedBundle)) {
                Secret refreshed = new SecretBuilder(stored).build();
                refreshed.getData().put(StoredCertificates.CA_CERT,
                        Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.UTF_8)));
                write(refreshed);
            }
            return current.orElseThrow();
        }
        LeafRequest request = new LeafRequest(uris.isEmpty() ? dnsNames.get(0) : name, dnsNames, uris,
                settings.leafPolicy().lifetime(), usage, settings.leafPolicy().algorithm());
        Optional<KeyPair> keptKey = decision.action() == RotationAction.RENEW ? keyPair(stored, current.get()) : Optional.empty();
        IssuedCertificate issued = keptKey.map(key -> ca.issue(request, key, clock)).orElseGet(() -> ca.issue(request, clock));
        Secret secret = StoredCertificates.leafSecret(namespace, name, issued, bundlePem);
        if (owner != null) {
            secret.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder().withApiVersion(Capability.API_VERSION)
                    .withKind("Warden").withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                    .withController(true).withBlockOwnerDeletion(true).build()));
        }
        write(secret);
        events.add(new OperatorEvent("Secret " + namespace + "/" + name, decision.reason(), decision.action() + ": "
                + decision.message() + "; now valid until " + issued.certificate().getNotAfter().toInstant()));
        return issued.certificate();
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
        warden.setStatus(status == null ? new WardenStatus(notAfter, null, null, null)
                : new WardenStatus(notAfter, status.instances(), status.observedGeneration(), status.conditions()));
        client.resources(Warden.class).inNamespace(warden.getMetadata().getNamespace()).resource(warden).updateStatus();
        events.add(new OperatorEvent("Warden " + warden.getMetadata().getNamespace() + "/" + warden.getMetadata().getName(),
                "CertificateExpiryUpdated", "client certificate valid until " + notAfter));
    }

    private Secret secret(String namespace, String name) {
        return client.secrets().inNamespace(namespace).withName(name).get();
    }

    private void write(Secret desired) {
        Secret existing = secret(desired.getMetadata().getNamespace(), desired.getMetadata().getName());
        if (existing == null) {
            client.secrets().inNamespace(desired.getMetadata().getNamespace()).resource(desired).create();
        } else if (!Objects.equals(existing.getData(), desired.getData()) || !Objects.equals(existing.getType(), desired.getType())) {
            desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            client.secrets().inNamespace(desired.getMetadata().getNamespace()).resource(desired).update();
        }
        LOG.debug("wrote Secret {}/{}", desired.getMetadata().getNamespace(), desired.getMetadata().getName());
    }

    private static String wardenSecretName(Warden warden) {
        return warden.getMetadata().getName() + CertificateSettings.WARDEN_SECRET_SUFFIX;
    }
}
