package io.naftiko.skipper.cli.fleet;

import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import io.naftiko.skipper.cli.UserError;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Finding a Fleet, what its environments run and its recorded revisions, in the cluster. */
final class FleetLookup {

    /** Where sources and revisions are when a Fleet does not say (the operator's default namespace). */
    static final String DEFAULT_SOURCES_NAMESPACE = "skipper";

    private FleetLookup() {
    }

    /** The Fleet named {@code name}, or else the one Fleet that has {@code capability}. */
    static Fleet find(KubernetesClient client, Optional<String> name, String capability) {
        if (name.isPresent()) {
            Fleet fleet = client.resources(Fleet.class).withName(name.get()).get();
            if (fleet == null) {
                throw new UserError("no Fleet " + name.get() + " in the cluster");
            }
            return fleet;
        }
        List<Fleet> holding = client.resources(Fleet.class).list().getItems().stream()
                .filter(f -> f.getSpec().capabilities().stream().anyMatch(c -> c.name().equals(capability))).toList();
        if (holding.size() != 1) {
            throw new UserError(holding.isEmpty() ? "no Fleet in the cluster has a capability " + capability
                    : capability + " is in several Fleets " + holding.stream().map(f -> f.getMetadata().getName()).toList() + "; name one with --fleet");
        }
        return holding.get(0);
    }

    /** The environment named {@code name} in the manifest. */
    static FleetSpec.Environment environment(Fleet fleet, String name) {
        return fleet.getSpec().environments().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new UserError("Fleet " + fleet.getMetadata().getName() + " has no environment " + name + " (it has "
                        + fleet.getSpec().environments().stream().map(FleetSpec.Environment::name).toList() + ")"));
    }

    /** The recorded revisions of a capability, newest first. */
    static List<ControllerRevision> revisions(KubernetesClient client, Fleet fleet, String capability) {
        String namespace = Optional.ofNullable(fleet.getSpec().sources()).map(FleetSpec.Sources::namespace).orElse(DEFAULT_SOURCES_NAMESPACE);
        return client.apps().controllerRevisions().inNamespace(namespace).withLabel(NaftikoLabels.FLEET, fleet.getMetadata().getName())
                .withLabel(NaftikoLabels.CAPABILITY, capability).list().getItems().stream()
                .sorted(Comparator.comparing(ControllerRevision::getRevision).reversed()).toList();
    }
}
