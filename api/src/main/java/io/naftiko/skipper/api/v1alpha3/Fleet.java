package io.naftiko.skipper.api.v1alpha3;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The fleet manifest ({@code naftiko.fleet.yaml}): every capability, every environment it runs in, and which revision
 * each environment runs. Cluster-scoped, so one object in Git describes namespaces across the cluster.
 */
@Group(Capability.GROUP)
@Version(Capability.VERSION)
@Kind("Fleet")
@Plural("fleets")
@Singular("fleet")
@ShortNames("fleet")
@Categories("naftiko")
public class Fleet extends CustomResource<FleetSpec, FleetStatus> {
}
