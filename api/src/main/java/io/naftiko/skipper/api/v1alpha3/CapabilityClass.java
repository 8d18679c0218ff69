package io.naftiko.skipper.api.v1alpha3;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A tier (cluster-scoped): operational defaults for its Capabilities and the policy that governs them. */
@Group(Capability.GROUP)
@Version(Capability.VERSION)
@Kind("CapabilityClass")
@Plural("capabilityclasses")
@Singular("capabilityclass")
@ShortNames("capclass")
@Categories("naftiko")
public class CapabilityClass extends CustomResource<CapabilityClassSpec, CapabilityClassStatus> {
}
