package io.naftiko.skipper.reconciler.controller;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.reconciler.desired.InstalledApis;
import java.util.Optional;

/** What a reconcile reads: caches of the cluster, never an API call per read. */
public interface ClusterView {

    /** A Capability. */
    Optional<Capability> capability(String namespace, String name);

    /** A ConfigMap (specRef documents, imports). */
    Optional<ConfigMap> configMap(String namespace, String name);

    /** What a reconcile needs of a bind Secret (its key names and a digest of its data), when it exists. */
    Optional<SecretFacts> secret(String namespace, String name);

    /** A child of a kind that Skipper manages. */
    <T extends HasMetadata> Optional<T> child(Class<T> kind, String namespace, String name);

    /** An Argo Rollouts object Skipper keeps ({@code Rollout}, {@code AnalysisTemplate}); empty without their CRDs. */
    Optional<GenericKubernetesResource> argoObject(String kind, String namespace, String name);

    /** The optional APIs the cluster serves. */
    InstalledApis apis();
}
