package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.expansion.OperatorSettings;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.RolloutStrategy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the desired children of one Capability are computed from: values only, already
 * read from the cluster (or from files) by the caller.
 *
 * @param capability              the admitted Capability (its {@code spec.runtime} is expanded)
 * @param document                its resolved ikanos document
 * @param settings                the operator's settings
 * @param importContents          import name to the file text its ConfigMap holds, for those that exist
 * @param bindDigests             bind Secret name to a digest of its data, for those that exist (never the data)
 * @param apis                    the optional APIs the cluster serves
 */
public record CapabilityInputs(Capability capability, IkanosDocument document, OperatorSettings settings,
                               Map<String, String> importContents, Map<String, String> bindDigests, InstalledApis apis) {

    private static final Pattern LABEL_KEY = Pattern.compile(
            "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$");

    /** The Capability's name, which every child shares. */
    public String name() {
        return capability.getMetadata().getName();
    }

    /** Whether the ServiceMonitor CRD is installed. */
    public boolean serviceMonitorSupported() {
        return apis.serviceMonitor();
    }

    /** Whether the Gateway API HTTPRoute CRD is installed. */
    public boolean httpRouteSupported() {
        return apis.httpRoute();
    }

    /**
     * The rollout Argo Rollouts runs for this Capability: the runtime's, when the Argo Rollouts CRDs are installed and
     * the strategy can run here (blue/green switches a Service, so it needs an expose that listens).
     */
    public Optional<RolloutStrategy> rollout() {
        RolloutStrategy rollout = runtime().rollout();
        if (rollout == null || !apis.argoRollouts() || (!rollout.isCanary() && ports().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(rollout);
    }

    /** The Capability's namespace. */
    public String namespace() {
        return capability.getMetadata().getNamespace();
    }

    /** The admitted runtime (never null). */
    public CapabilityRuntime runtime() {
        CapabilityRuntime runtime = capability.getSpec() == null ? null : capability.getSpec().getRuntime();
        return runtime == null ? CapabilityRuntime.empty() : runtime;
    }

    /** The class the Capability runs with, as its tier label. */
    public String tier() {
        return Optional.ofNullable(runtime().className()).orElse("standard");
    }

    /** Labels on every child: the document's {@code info.labels} (those that are valid labels), then Skipper's own. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        document.info().labels().forEach((key, value) -> {
            if (LABEL_KEY.matcher(key).matches() && key.length() <= 253 && LABEL_VALUE.matcher(value).matches()) {
                labels.put(key, value);
            }
        });
        labels.putAll(selector());
        labels.put(NaftikoLabels.MANAGED_BY, NaftikoLabels.MANAGER);
        labels.put(NaftikoLabels.TIER, tier());
        return labels;
    }

    /** The labels that select the Capability's pods; they never change for its lifetime. */
    public Map<String, String> selector() {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(NaftikoLabels.APP_NAME, name());
        selector.put(NaftikoLabels.CAPABILITY, name());
        return selector;
    }

    /** The owner reference to the Capability, when it has a uid (it does once stored). */
    public List<OwnerReference> ownerReferences() {
        String uid = capability.getMetadata().getUid();
        if (uid == null) {
            return List.of();
        }
        return List.of(new OwnerReferenceBuilder()
                .withApiVersion(Capability.API_VERSION)
                .withKind("Capability")
                .withName(name())
                .withUid(uid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build());
    }

    /** Metadata every child gets: the Capability's name and namespace, the labels, the owner reference. */
    public ObjectMeta childMetadata() {
        return new ObjectMetaBuilder()
                .withName(name())
                .withNamespace(namespace())
                .withLabels(labels())
                .withOwnerReferences(ownerReferences())
                .build();
    }

    /** The listening exposes with their port names. */
    public List<NamedPort> ports() {
        return NamedPort.of(document.exposes());
    }

    /** The control port, when the document exposes one. */
    public Optional<NamedPort> controlPort() {
        return ports().stream().filter(p -> p.expose().isControl()).findFirst();
    }
}
