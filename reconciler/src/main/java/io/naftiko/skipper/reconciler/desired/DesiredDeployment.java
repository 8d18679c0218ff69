package io.naftiko.skipper.reconciler.desired;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.ikanos.BindFile;
import io.naftiko.skipper.api.ikanos.Import;
import io.naftiko.skipper.api.v1alpha3.CapabilityRuntime;
import io.naftiko.skipper.api.v1alpha3.ResourceAmounts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Deployment {@code {name}} running the ikanos engine on the document, its imports and its
 * bind files, one named port per expose, probes and scrape annotations with a control expose.
 */
public final class DesiredDeployment {

    /** Env var carrying the runtime's resilience settings to the engine, as JSON. */
    public static final String RESILIENCE_ENV = "NAFTIKO_RESILIENCE";
    private static final String SPEC_VOLUME = "spec";

    private DesiredDeployment() {
    }

    /** The Deployment. */
    public static Deployment of(CapabilityInputs inputs) {
        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName(SPEC_VOLUME).withNewConfigMap().withName(inputs.name()).endConfigMap().build());
        mounts.add(mount(SPEC_VOLUME, ChildNames.SPEC_PATH, ChildNames.SPEC_KEY));
        for (Import imp : inputs.document().imports()) {
            if (imp.name() == null || imp.relativePath().isEmpty()) {
                continue;
            }
            String volume = "import-" + imp.name();
            volumes.add(new VolumeBuilder().withName(volume).withNewConfigMap()
                    .withName(ChildNames.importConfigMap(inputs.name(), imp.name())).endConfigMap().build());
            mounts.add(mount(volume, ChildNames.DATA_DIR + "/" + imp.relativePath().get(), imp.fileName().orElseThrow()));
        }
        Set<String> bindVolumes = new LinkedHashSet<>();
        Set<String> bindPaths = new LinkedHashSet<>();
        for (BindFile file : BindFiles.of(inputs.document())) {
            String secret = ChildNames.bindSecret(inputs.name(), file.directoryName());
            String volume = "bind-" + BindFile.dnsSafe(file.directoryName());
            if (bindVolumes.add(volume)) {
                volumes.add(new VolumeBuilder().withName(volume).withNewSecret().withSecretName(secret).endSecret().build());
            }
            if (bindPaths.add(file.mountPath())) {
                mounts.add(mount(volume, file.mountPath(), file.fileName()));
            }
        }

        Map<String, String> podAnnotations = new LinkedHashMap<>();
        podAnnotations.put(NaftikoLabels.CONFIG_CHECKSUM, ConfigChecksum.of(inputs.document().text(),
                inputs.importContents(), inputs.bindDigests()));
        inputs.controlPort().ifPresent(control -> {
            podAnnotations.put("prometheus.io/scrape", "true");
            podAnnotations.put("prometheus.io/port", Integer.toString(control.port()));
            podAnnotations.put("prometheus.io/path", "/metrics");
        });
        podAnnotations.putAll(Mesh.podAnnotations(inputs.runtime().mesh()));
        Map<String, String> podLabels = new LinkedHashMap<>(inputs.labels());
        podLabels.putAll(Mesh.podLabels(inputs.runtime().mesh()));

        Container container = new ContainerBuilder()
                .withName(ChildNames.CONTAINER)
                .withImage(image(inputs))
                .withArgs("serve", ChildNames.SPEC_PATH)
                .withPorts(containerPorts(inputs))
                .withEnv(env(inputs.runtime()))
                .withResources(resources(inputs.runtime()))
                .withVolumeMounts(mounts)
                .withLivenessProbe(inputs.controlPort().map(p -> probe("/health/live", p.name())).orElse(null))
                .withReadinessProbe(inputs.controlPort().map(p -> probe("/health/ready", p.name())).orElse(null))
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();

        return new DeploymentBuilder()
                .withMetadata(inputs.childMetadata())
                .withNewSpec()
                .withReplicas(replicas(inputs))
                .withNewSelector().withMatchLabels(inputs.selector()).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                .withNewSpec()
                .withContainers(container)
                .withVolumes(volumes)
                .withNewSecurityContext().withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * Fixed replicas without an autoscaler; none with one, so the autoscaler alone owns the count, and none under a
     * rollout, whose controller scales the Deployment down as its own pods take over.
     */
    private static Integer replicas(CapabilityInputs inputs) {
        if (DesiredAutoscaler.of(inputs).isPresent() || inputs.rollout().isPresent()) {
            return null;
        }
        return fixedReplicas(inputs);
    }

    /**
     * The replica count to set once on the live Deployment, if any: after a rollout ends, Argo Rollouts has left the
     * Deployment at 0 replicas, and an autoscaler never scales a workload at 0 (that is how it is switched off), so the
     * count goes back to the runtime's minimum. Set as a scale (not applied), so Skipper never owns the field the
     * autoscaler owns.
     */
    public static Optional<Integer> replicasAfterRollout(Optional<Deployment> live, CapabilityInputs inputs) {
        boolean leftAtZero = live.map(d -> d.getSpec() != null && Integer.valueOf(0).equals(d.getSpec().getReplicas())).orElse(false);
        if (!leftAtZero || inputs.rollout().isPresent() || DesiredAutoscaler.of(inputs).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fixedReplicas(inputs));
    }

    /** The replica count of a Capability without an autoscaler: the runtime's minimum, else 1. */
    static int fixedReplicas(CapabilityInputs inputs) {
        return Optional.ofNullable(inputs.runtime().autoscaling()).map(a -> a.minReplicas()).orElse(1);
    }

    private static List<ContainerPort> containerPorts(CapabilityInputs inputs) {
        return inputs.ports().stream()
                .map(p -> new ContainerPortBuilder().withName(p.name()).withContainerPort(p.port()).withProtocol("TCP").build())
                .toList();
    }

    /** The Capability's own engine image (a Fleet environment's override), else the operator's. */
    private static String image(CapabilityInputs inputs) {
        String own = inputs.runtime().image();
        return own == null || own.isBlank() ? inputs.settings().engineImage() : own;
    }

    private static List<EnvVar> env(CapabilityRuntime runtime) {
        List<EnvVar> env = new ArrayList<>(runtime.env() == null ? List.of() : runtime.env());
        if (runtime.resilience() != null) {
            try {
                env.add(new EnvVarBuilder().withName(RESILIENCE_ENV)
                        .withValue(Mappers.json().writeValueAsString(runtime.resilience())).build());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("resilience settings always serialize", e);
            }
        }
        return env;
    }

    private static ResourceRequirements resources(CapabilityRuntime runtime) {
        if (runtime.resources() == null) {
            return null;
        }
        return new ResourceRequirementsBuilder()
                .withRequests(amounts(runtime.resources().requests()))
                .withLimits(amounts(runtime.resources().limits()))
                .build();
    }

    private static Map<String, Quantity> amounts(ResourceAmounts amounts) {
        Map<String, Quantity> map = new LinkedHashMap<>();
        if (amounts != null) {
            if (amounts.cpu() != null) {
                map.put("cpu", amounts.cpu());
            }
            if (amounts.memory() != null) {
                map.put("memory", amounts.memory());
            }
        }
        return map.isEmpty() ? null : map;
    }

    private static VolumeMount mount(String volume, String path, String subPath) {
        return new VolumeMountBuilder().withName(volume).withMountPath(path).withSubPath(subPath).withReadOnly(true).build();
    }

    private static Probe probe(String path, String port) {
        return new ProbeBuilder().withNewHttpGet().withPath(path).withNewPort(port).endHttpGet()
                .withPeriodSeconds(10).withFailureThreshold(3).build();
    }
}
