package io.naftiko.skipper.reconciler.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.naftiko.skipper.api.ikanos.Import;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every child a Capability should have, and what it needs that Skipper does not make. A pure
 * function of {@link CapabilityInputs}: the same inputs always give equal objects.
 *
 * @param configMap      the spec ConfigMap
 * @param deployment     the engine Deployment
 * @param service        the Service, when something listens
 * @param rolloutServices the Services a rollout's strategy switches, and the one the ServiceMonitor scrapes under it
 * @param ingress        the Ingress, when an expose is public
 * @param serviceMonitor the ServiceMonitor, with a control expose and the CRD installed
 * @param httpRoutes     an HTTPRoute per REST expose, when the runtime names a Gateway and the CRD is installed
 * @param analysisTemplate the Argo Rollouts AnalysisTemplate, with a rollout that has an analysis and a Prometheus
 * @param rollout        the Argo Rollouts Rollout, with a rollout in the runtime and the CRDs installed
 * @param autoscaler     the HPA, when max replicas exceed min
 * @param required       import ConfigMaps and bind Secrets the Deployment mounts
 * @param endpoint       the in-cluster URL of the first non-control expose
 */
public record DesiredState(ConfigMap configMap, Deployment deployment, Optional<Service> service,
                           List<Service> rolloutServices,
                           Optional<Ingress> ingress, Optional<GenericKubernetesResource> serviceMonitor,
                           List<GenericKubernetesResource> httpRoutes,
                           Optional<GenericKubernetesResource> analysisTemplate, Optional<GenericKubernetesResource> rollout,
                           Optional<HorizontalPodAutoscaler> autoscaler, List<RequiredInput> required,
                           Optional<String> endpoint) {

    /** Computes the desired state. */
    public static DesiredState of(CapabilityInputs inputs) {
        return new DesiredState(
                DesiredConfigMap.of(inputs),
                DesiredDeployment.of(inputs),
                DesiredService.of(inputs),
                DesiredService.forRollout(inputs),
                DesiredIngress.of(inputs),
                DesiredServiceMonitor.of(inputs),
                DesiredHttpRoute.of(inputs),
                DesiredAnalysisTemplate.of(inputs),
                DesiredRollout.of(inputs),
                DesiredAutoscaler.of(inputs),
                required(inputs),
                DesiredService.endpoint(inputs));
    }

    /**
     * The children in the order they are best created: configuration first, then workload, then routing, the rollout
     * (after the Services and the template it names) and scaling (after what it scales).
     */
    public List<HasMetadata> children() {
        List<HasMetadata> children = new ArrayList<>();
        children.add(configMap);
        children.add(deployment);
        service.ifPresent(children::add);
        children.addAll(rolloutServices);
        ingress.ifPresent(children::add);
        serviceMonitor.ifPresent(children::add);
        children.addAll(httpRoutes);
        analysisTemplate.ifPresent(children::add);
        rollout.ifPresent(children::add);
        autoscaler.ifPresent(children::add);
        return children;
    }

    private static List<RequiredInput> required(CapabilityInputs inputs) {
        List<RequiredInput> required = new ArrayList<>();
        for (Import imp : inputs.document().imports()) {
            if (imp.name() != null && imp.fileName().isPresent()) {
                required.add(new RequiredInput("ConfigMap", ChildNames.importConfigMap(inputs.name(), imp.name()),
                        List.of(imp.fileName().get()), "import '" + imp.name() + "' from " + imp.source().orElseThrow()));
            }
        }
        for (Map.Entry<String, Map<String, Set<String>>> secret : BindFiles.secrets(inputs.name(), inputs.document()).entrySet()) {
            List<String> keys = List.copyOf(secret.getValue().keySet());
            StringBuilder purpose = new StringBuilder("bind files");
            secret.getValue().forEach((file, variables) -> purpose.append("; ").append(file)
                    .append(" defines ").append(String.join(", ", variables)));
            required.add(new RequiredInput("Secret", secret.getKey(), keys, purpose.toString()));
        }
        return required;
    }
}
