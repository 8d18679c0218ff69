package io.naftiko.skipper.api.v1alpha3;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Naftiko capability to run: an ikanos document (inline or in a ConfigMap) plus the
 * runtime the admission webhook expanded from its tier.
 */
@Group(Capability.GROUP)
@Version(Capability.VERSION)
@Kind("Capability")
@Plural("capabilities")
@Singular("capability")
@ShortNames("cap")
@Categories("naftiko")
public class Capability extends CustomResource<CapabilitySpec, CapabilityStatus> implements Namespaced {

    /** API group of every Skipper kind. */
    public static final String GROUP = "naftiko.io";
    /** The served and stored version. */
    public static final String VERSION = "v1alpha3";
    /** {@code apiVersion} of every Skipper kind. */
    public static final String API_VERSION = GROUP + "/" + VERSION;
}
