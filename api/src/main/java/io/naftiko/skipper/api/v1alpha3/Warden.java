package io.naftiko.skipper.api.v1alpha3;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Warden policy-engine instance or group that pulls signed bundles from Skipper over mTLS. */
@Group(Capability.GROUP)
@Version(Capability.VERSION)
@Kind("Warden")
@Plural("wardens")
@Singular("warden")
@Categories("naftiko")
public class Warden extends CustomResource<WardenSpec, WardenStatus> implements Namespaced {
}
