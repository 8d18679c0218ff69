package io.naftiko.skipper.dashboard.server;

import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Warden;
import io.naftiko.skipper.dashboard.view.CapabilityPage;
import java.util.List;
import java.util.Optional;

/** What the dashboard reads of the cluster: caches, never an API call per page. */
public interface FleetView {

    /** Every Capability. */
    List<Capability> capabilities();

    /** Every Warden. */
    List<Warden> wardens();

    /** The children Skipper keeps for a Capability, and how each stands. */
    List<CapabilityPage.Child> children(Capability capability);

    /** The ikanos document the Capability runs (its spec ConfigMap's {@code capability.yaml}), when Skipper wrote it. */
    Optional<String> document(Capability capability);
}
