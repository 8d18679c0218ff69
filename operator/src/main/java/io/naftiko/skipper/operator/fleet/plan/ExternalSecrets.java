package io.naftiko.skipper.operator.fleet.plan;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.naftiko.skipper.api.ikanos.Bind;
import io.naftiko.skipper.api.ikanos.BindFile;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.reconciler.desired.ChildNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * External Secrets Operator {@code ExternalSecret}s ({@value #API_VERSION}) for the bind namespaces an environment
 * maps to a secret store: one per bind Secret {@code {capability}-bind-{dir}}, whose template writes each bind file
 * the engine reads (one key per file, a YAML map of the file's value names, as the tutorial's {@code secrets.yaml}).
 * Each value is fetched by its name as the {@code property} of the bind's store key; JSON-quoted in the template, so
 * any value is a valid YAML string.
 */
public final class ExternalSecrets {

    /** The ExternalSecret API version generated (external-secrets.io's storage version). */
    public static final String API_VERSION = "external-secrets.io/v1";
    /** The kind. */
    public static final String KIND = "ExternalSecret";
    /** How often ESO re-reads the store. */
    static final String REFRESH_INTERVAL = "1h";

    private ExternalSecrets() {
    }

    /**
     * The ExternalSecrets of a placement, or why it cannot have them: a bind Secret holds files of several bind
     * namespaces, and all of them must come from a store or none (a Secret ESO owns cannot also be written by hand).
     *
     * @param mapped bind namespace to its source, as the environment maps them for this capability
     */
    static Result of(String fleet, Placement placement, IkanosDocument document, Map<String, FleetSpec.Bind> mapped,
                     Optional<OwnerReference> owner) {
        Map<String, List<Bind>> bySecret = new LinkedHashMap<>();
        for (Bind bind : document.binds()) {
            bind.file().ifPresent(file -> bySecret.computeIfAbsent(ChildNames.bindSecret(placement.capability(), file.directoryName()),
                    k -> new ArrayList<>()).add(bind));
        }
        List<GenericKubernetesResource> secrets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, List<Bind>> secret : bySecret.entrySet()) {
            List<Bind> binds = secret.getValue();
            List<String> unmapped = binds.stream().filter(b -> !isMapped(mapped, b)).map(Bind::namespace).distinct().toList();
            if (unmapped.size() == binds.stream().map(Bind::namespace).distinct().count()) {
                continue;
            }
            if (!unmapped.isEmpty()) {
                problems.add("Secret " + secret.getKey() + " holds the binds " + binds.stream().map(Bind::namespace).distinct().toList()
                        + "; map all of them to a store or none: " + unmapped + " " + (unmapped.size() == 1 ? "is" : "are") + " not mapped");
                continue;
            }
            secrets.add(externalSecret(fleet, placement, secret.getKey(), binds, mapped, owner));
        }
        return new Result(List.copyOf(secrets), List.copyOf(problems));
    }

    /**
     * ExternalSecrets, or what prevents them.
     *
     * @param objects  one per bind Secret whose binds are all mapped
     * @param problems one per bind Secret mapped only in part
     */
    record Result(List<GenericKubernetesResource> objects, List<String> problems) {
    }

    private static boolean isMapped(Map<String, FleetSpec.Bind> mapped, Bind bind) {
        FleetSpec.Bind source = mapped.get(bind.namespace());
        return source != null && source.externalSecret() != null;
    }

    private static GenericKubernetesResource externalSecret(String fleet, Placement placement, String secretName, List<Bind> binds,
                                                            Map<String, FleetSpec.Bind> mapped, Optional<OwnerReference> owner) {
        FleetSpec.StoreRef defaultStore = mapped.get(binds.get(0).namespace()).externalSecret().store();
        Map<String, Set<String>> fileValues = new LinkedHashMap<>();
        List<Map<String, Object>> data = new ArrayList<>();
        Set<String> fetched = new LinkedHashSet<>();
        for (Bind bind : binds) {
            BindFile file = bind.file().orElseThrow();
            FleetSpec.ExternalSecretRef source = mapped.get(bind.namespace()).externalSecret();
            for (String value : bind.keys().values()) {
                fileValues.computeIfAbsent(file.fileName(), k -> new LinkedHashSet<>()).add(value);
                if (!fetched.add(value)) {
                    continue;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("secretKey", value);
                // Ordered maps only: the object is printed (fleet render), and its bytes must not change run to run.
                Map<String, Object> remoteRef = new LinkedHashMap<>();
                remoteRef.put("key", source.key());
                remoteRef.put("property", value);
                entry.put("remoteRef", remoteRef);
                if (!store(source.store()).equals(store(defaultStore))) {
                    Map<String, Object> sourceRef = new LinkedHashMap<>();
                    sourceRef.put("storeRef", store(source.store()));
                    entry.put("sourceRef", sourceRef);
                }
                data.add(entry);
            }
        }
        Map<String, Object> templateData = new LinkedHashMap<>();
        fileValues.forEach((fileName, values) -> {
            StringBuilder yaml = new StringBuilder();
            values.forEach(value -> yaml.append(value).append(": {{ index . \"").append(value).append("\" | toJson }}\n"));
            templateData.put(fileName, yaml.toString());
        });
        Map<String, Object> template = new LinkedHashMap<>();
        template.put("engineVersion", "v2");
        template.put("mergePolicy", "Replace");
        template.put("data", templateData);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", secretName);
        target.put("creationPolicy", "Owner");
        target.put("template", template);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("refreshInterval", REFRESH_INTERVAL);
        spec.put("secretStoreRef", store(defaultStore));
        spec.put("target", target);
        spec.put("data", data);
        return new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION).withKind(KIND)
                .withMetadata(FleetObjects.metadata(secretName, fleet, placement, owner))
                .addToAdditionalProperties("spec", spec).build();
    }

    private static Map<String, String> store(FleetSpec.StoreRef store) {
        Map<String, String> ref = new LinkedHashMap<>();
        ref.put("kind", store.kind() == null ? "SecretStore" : store.kind());
        ref.put("name", store.name());
        return ref;
    }
}
