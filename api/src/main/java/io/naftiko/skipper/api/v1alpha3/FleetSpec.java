package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a Fleet describes.
 *
 * @param sources              where the capability documents live in the cluster
 * @param revisionHistoryLimit how many unpinned revisions of each capability are kept (default 10)
 * @param capabilities         every capability of the fleet
 * @param environments         every environment the capabilities run in
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FleetSpec(Sources sources, Integer revisionHistoryLimit, List<FleetCapability> capabilities,
                        List<Environment> environments) {

    /** This spec with environment {@code name} changed by {@code change} (the others as they are). */
    public FleetSpec withEnvironment(String name, UnaryOperator<Environment> change) {
        return new FleetSpec(sources, revisionHistoryLimit, capabilities,
                environments.stream().map(e -> e.name().equals(name) ? change.apply(e) : e).toList());
    }

    /**
     * Where capability sources are.
     *
     * @param namespace the namespace of the source ConfigMaps (and of the recorded revisions)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Sources(String namespace) {
    }

    /**
     * One capability of the fleet.
     *
     * @param name   its name, which is the Capability's name in every environment
     * @param source the ConfigMap holding its document ({@code capability.yaml}) and imports
     * @param tier   its CapabilityClass in every environment that does not override it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FleetCapability(String name, Source source, String tier) {
    }

    /**
     * A capability's source.
     *
     * @param configMap the ConfigMap's name, in {@code spec.sources.namespace}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String configMap) {
    }

    /**
     * One environment.
     *
     * @param name         its name
     * @param namespace    the namespace it runs in
     * @param cluster      the only operator ({@code --cluster}) that applies it; absent: every one
     * @param track        {@code latest}: the newest revision of every capability that is not pinned
     * @param promotesFrom the environment whose running revisions {@code fleet promote} pins here
     * @param overrides    per capability: tier, replicas, engine image, env
     * @param binds        per capability, per bind namespace: where its values come from
     * @param pins         per capability: the revision it runs exactly
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Environment(String name, String namespace, String cluster, String track, String promotesFrom,
                              Map<String, CapabilityOverride> overrides, Map<String, Map<String, Bind>> binds, Map<String, Pin> pins) {

        /** This environment with {@code capability} pinned to {@code pin} (its other pins kept, in order). */
        public Environment withPin(String capability, Pin pin) {
            Map<String, Pin> next = new LinkedHashMap<>(pins == null ? Map.of() : pins);
            next.put(capability, pin);
            return new Environment(name, namespace, cluster, track, promotesFrom, overrides, binds, next);
        }

        /** This environment with {@code capability}'s override replaced by {@code override}. */
        public Environment withOverride(String capability, CapabilityOverride override) {
            Map<String, CapabilityOverride> next = new LinkedHashMap<>(overrides == null ? Map.of() : overrides);
            next.put(capability, override);
            return new Environment(name, namespace, cluster, track, promotesFrom, next, binds, pins);
        }
    }

    /**
     * What an environment changes of a capability.
     *
     * @param tier     another CapabilityClass
     * @param replicas a fixed replica count (minimum and maximum)
     * @param image    another engine image
     * @param env      more environment variables of the engine, by name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CapabilityOverride(String tier, Integer replicas, String image, Map<String, String> env) {
    }

    /**
     * Where a bind namespace's values come from.
     *
     * @param externalSecret an External Secrets Operator ExternalSecret
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Bind(ExternalSecretRef externalSecret) {
    }

    /**
     * An External Secrets Operator source.
     *
     * @param store the SecretStore or ClusterSecretStore
     * @param key   the key in that store
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExternalSecretRef(StoreRef store, String key) {
    }

    /**
     * A SecretStore reference.
     *
     * @param kind {@code SecretStore} or {@code ClusterSecretStore}
     * @param name its name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoreRef(String kind, String name) {
    }

    /**
     * A pin: exactly one of revision number or digest.
     *
     * @param revision the revision's number (1, 2, …)
     * @param digest   the revision's digest, {@code sha256:…}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pin(Integer revision, String digest) {
    }
}
