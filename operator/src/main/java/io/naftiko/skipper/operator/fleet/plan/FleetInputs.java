package io.naftiko.skipper.operator.fleet.plan;

import io.naftiko.skipper.api.v1alpha3.Fleet;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the fleet's decisions depend on, read by the shell (or from files, offline).
 *
 * @param fleet    the Fleet
 * @param sources  capability name to its source's content; a capability absent here has no source now
 * @param recorded the revisions recorded so far, of every capability
 * @param running  the digest each placement runs now (from its Capability), where one runs
 * @param cluster  the operator's {@code --cluster}; empty: only environments without a cluster apply
 * @param now      the time, for revisions first seen now
 */
public record FleetInputs(Fleet fleet, Map<String, SourceFiles> sources, List<Revision> recorded, Map<Placement, String> running,
                          Optional<String> cluster, Instant now) {
}
