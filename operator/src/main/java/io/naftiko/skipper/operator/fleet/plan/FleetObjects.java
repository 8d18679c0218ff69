package io.naftiko.skipper.operator.fleet.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.ikanos.Import;
import io.naftiko.skipper.api.v1alpha3.Autoscaling;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.CapabilitySpec;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.api.v1alpha3.SpecRef;
import io.naftiko.skipper.reconciler.desired.ChildNames;
import io.naftiko.skipper.reconciler.desired.OwnedFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The objects a placement runs a revision with, in its environment's namespace: the spec ConfigMap named by the
 * revision (immutable, so a Capability update the webhook denies leaves the running spec untouched), one ConfigMap
 * per import as the reconciler mounts them, and the Capability with specRef, tier label and the environment's
 * overrides. Everything carries the fleet, environment and capability labels, and the Fleet as owner when known.
 */
public final class FleetObjects {

    /** How many hex characters of the digest name a spec ConfigMap. */
    private static final int NAME_HEX = 12;

    private FleetObjects() {
    }

    /** The spec ConfigMap of a revision: {@code {capability}-spec-{hex12}}. */
    public static String specConfigMap(String capability, Revision revision) {
        return capability + "-spec-" + revision.hex().substring(0, NAME_HEX);
    }

    /** The labels every object of a placement carries. */
    public static Map<String, String> labels(String fleet, Placement placement) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NaftikoLabels.FLEET, fleet);
        labels.put(NaftikoLabels.ENVIRONMENT, placement.environment());
        labels.put(NaftikoLabels.CAPABILITY, placement.capability());
        return labels;
    }

    /** Metadata of an object of a placement. */
    static ObjectMeta metadata(String name, String fleet, Placement placement, Optional<OwnerReference> owner) {
        return new ObjectMetaBuilder().withName(name).withNamespace(placement.namespace()).withLabels(labels(fleet, placement))
                .withAnnotations(new LinkedHashMap<>())
                .withOwnerReferences(owner.stream().toList()).build();
    }

    /** The spec ConfigMap and one ConfigMap per import whose file the revision holds. */
    static List<HasMetadata> configMaps(String fleet, Placement placement, Revision revision, IkanosDocument document,
                                        Optional<OwnerReference> owner) {
        List<HasMetadata> objects = new ArrayList<>();
        ConfigMap spec = new ConfigMapBuilder().withMetadata(metadata(specConfigMap(placement.capability(), revision), fleet, placement, owner))
                .withImmutable(true).addToData(SourceFiles.DOCUMENT, revision.files().document().orElseThrow()).build();
        spec.getMetadata().getAnnotations().put(NaftikoLabels.FLEET_DIGEST, revision.digest());
        objects.add(spec);
        for (Import anImport : document.imports()) {
            Optional<String> file = anImport.fileName();
            if (anImport.name() == null || file.isEmpty() || !revision.files().files().containsKey(file.get())) {
                // The reconciler reports the missing import ConfigMap on the Capability, by name.
                continue;
            }
            objects.add(new ConfigMapBuilder().withMetadata(metadata(ChildNames.importConfigMap(placement.capability(), anImport.name()), fleet, placement, owner))
                    .addToData(file.get(), revision.files().files().get(file.get())).build());
        }
        return objects;
    }

    /** The Capability of a placement running {@code revision}, with the environment's overrides. */
    static Capability capability(String fleet, Placement placement, Revision revision, Optional<String> tier,
                                 Optional<FleetSpec.CapabilityOverride> override, Optional<OwnerReference> owner) {
        Capability capability = new Capability();
        capability.setMetadata(metadata(placement.capability(), fleet, placement, owner));
        tier.ifPresent(t -> capability.getMetadata().getLabels().put(NaftikoLabels.TIER, t));
        capability.getMetadata().getAnnotations().put(NaftikoLabels.FLEET_DIGEST, revision.digest());
        CapabilitySpec spec = new CapabilitySpec();
        spec.setSpecRef(new SpecRef(specConfigMap(placement.capability(), revision), SourceFiles.DOCUMENT));
        Integer replicas = override.map(FleetSpec.CapabilityOverride::replicas).orElse(null);
        String image = override.map(FleetSpec.CapabilityOverride::image).orElse(null);
        List<EnvVar> env = override.map(FleetSpec.CapabilityOverride::env).filter(m -> !m.isEmpty())
                .map(m -> m.entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new EnvVarBuilder().withName(e.getKey()).withValue(e.getValue()).build()).toList())
                .orElse(null);
        if (replicas != null || image != null || env != null) {
            spec.setRuntime(new CapabilityRuntime(null, null, replicas == null ? null : new Autoscaling(replicas, replicas, null),
                    null, env, image, null, null, null));
        }
        capability.setSpec(spec);
        return capability;
    }

    /**
     * Whether a live Capability already is what the fleet applies: every field the fleet sets has its value there,
     * except that the fleet's env variables need only be among the live ones (admission adds OpenTelemetry's).
     */
    public static boolean capabilityMatches(JsonNode live, JsonNode desired) {
        ObjectNode liveCopy = live.deepCopy();
        ObjectNode desiredCopy = desired.deepCopy();
        JsonNode liveEnv = removeEnv(liveCopy);
        JsonNode desiredEnv = removeEnv(desiredCopy);
        if (!OwnedFields.covers(liveCopy, desiredCopy)) {
            return false;
        }
        for (JsonNode variable : desiredEnv) {
            boolean found = false;
            for (JsonNode candidate : liveEnv) {
                found |= candidate.equals(variable);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode removeEnv(ObjectNode capability) {
        JsonNode runtime = capability.path("spec").path("runtime");
        if (runtime instanceof ObjectNode object && object.has("env")) {
            return object.remove("env");
        }
        return Mappers.json().createArrayNode();
    }
}
