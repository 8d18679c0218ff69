package io.naftiko.skipper.operator.fleet.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.naftiko.skipper.api.ikanos.DocumentException;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.FleetSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fleet's decisions, pure: from the manifest, the sources' content, the recorded revisions and what each
 * placement runs, which revisions to record and prune and what every placement of this operator's environments
 * runs, with the objects that make it so. A pinned placement runs exactly its pin; one tracking {@code latest} runs
 * the newest revision; one with neither stays on what it runs (the newest, the first time). A pin the cluster has no
 * revision for, a source that holds no parseable document, or binds mapped only in part leave the placement on what
 * it ran, with the reason.
 */
public final class FleetPlanner {

    /** The value of {@code track} that follows the newest revision. */
    public static final String TRACK_LATEST = "latest";

    private FleetPlanner() {
    }

    /** Decides for one Fleet. */
    public static FleetPlan plan(FleetInputs inputs) {
        Fleet fleet = inputs.fleet();
        String name = fleet.getMetadata().getName();
        FleetSpec spec = fleet.getSpec();
        List<FleetSpec.FleetCapability> capabilities = Optional.ofNullable(spec.capabilities()).orElse(List.of());
        List<FleetSpec.Environment> environments = Optional.ofNullable(spec.environments()).orElse(List.of());
        int limit = Optional.ofNullable(spec.revisionHistoryLimit()).orElse(RevisionHistory.DEFAULT_LIMIT);
        Optional<OwnerReference> owner = owner(fleet);
        List<String> sourceProblems = new ArrayList<>();
        List<Revision> record = new ArrayList<>();
        List<Revision> prune = new ArrayList<>();
        List<Revision> kept = new ArrayList<>();
        List<PlacementPlan> placements = new ArrayList<>();
        for (FleetSpec.FleetCapability capability : capabilities) {
            Optional<SourceFiles> source = Optional.ofNullable(inputs.sources().get(capability.name()));
            String sourceName = Optional.ofNullable(capability.source()).map(FleetSpec.Source::configMap).orElse("?");
            if (source.isEmpty()) {
                sourceProblems.add(capability.name() + ": source ConfigMap " + sourceName + " does not exist");
            } else if (source.get().document().isEmpty()) {
                sourceProblems.add(capability.name() + ": source ConfigMap " + sourceName + " has no key " + SourceFiles.DOCUMENT);
                source = Optional.empty();
            }
            List<Revision> recorded = inputs.recorded().stream().filter(r -> r.capability().equals(capability.name())).toList();
            RevisionHistory.Decision history = RevisionHistory.decide(capability.name(), source, recorded, limit,
                    protectedDigests(capability.name(), environments, recorded, inputs.running()), inputs.now());
            history.recorded().ifPresent(record::add);
            prune.addAll(history.pruned());
            kept.addAll(history.kept());
            for (FleetSpec.Environment environment : environments) {
                if (!applies(environment, inputs.cluster())) {
                    continue;
                }
                Placement placement = new Placement(environment.name(), environment.namespace(), capability.name());
                Outcome outcome = choose(environment, capability.name(), history, Optional.ofNullable(inputs.running().get(placement)));
                placements.add(outcome instanceof Outcome.Runs runs
                        ? running(name, placement, runs, capability, environment, owner) : PlacementPlan.keeping(placement, outcome));
            }
        }
        return new FleetPlan(name, List.copyOf(sourceProblems), List.copyOf(record), List.copyOf(prune), List.copyOf(kept),
                List.copyOf(placements));
    }

    /** Whether this operator applies an environment: it names no cluster, or this operator's. */
    public static boolean applies(FleetSpec.Environment environment, Optional<String> cluster) {
        return environment.cluster() == null || cluster.filter(environment.cluster()::equals).isPresent();
    }

    /** The revision a pin names among {@code revisions}. */
    public static Optional<Revision> resolve(FleetSpec.Pin pin, List<Revision> revisions) {
        return revisions.stream().filter(r -> pin.revision() != null ? r.number() == pin.revision() : r.digest().equals(pin.digest()))
                .findFirst();
    }

    /** {@code revision 3} or {@code digest sha256:…}. */
    public static String describe(FleetSpec.Pin pin) {
        return pin.revision() != null ? "revision " + pin.revision() : "digest " + pin.digest();
    }

    private static Outcome choose(FleetSpec.Environment environment, String capability, RevisionHistory.Decision history,
                                  Optional<String> running) {
        FleetSpec.Pin pin = Optional.ofNullable(environment.pins()).map(p -> p.get(capability)).orElse(null);
        if (pin != null) {
            return resolve(pin, history.kept()).<Outcome>map(r -> new Outcome.Runs(r, Outcome.Choice.PINNED))
                    .orElse(new Outcome.PinUnavailable(describe(pin)));
        }
        if (TRACK_LATEST.equals(environment.track())) {
            return history.newest().<Outcome>map(r -> new Outcome.Runs(r, Outcome.Choice.LATEST)).orElse(noRevision(capability));
        }
        Optional<Revision> current = running.flatMap(digest -> history.kept().stream().filter(r -> r.digest().equals(digest)).findFirst());
        if (current.isPresent()) {
            return new Outcome.Runs(current.get(), Outcome.Choice.KEPT);
        }
        return history.newest().<Outcome>map(r -> new Outcome.Runs(r, Outcome.Choice.FIRST)).orElse(noRevision(capability));
    }

    private static Outcome noRevision(String capability) {
        return new Outcome.Blocked("SourceMissing", "no revision of " + capability + " is recorded and its source has no document");
    }

    private static PlacementPlan running(String fleet, Placement placement, Outcome.Runs runs, FleetSpec.FleetCapability capability,
                                         FleetSpec.Environment environment, Optional<OwnerReference> owner) {
        IkanosDocument document;
        try {
            document = IkanosDocument.parse(runs.revision().files().document().orElseThrow());
        } catch (DocumentException e) {
            return PlacementPlan.keeping(placement, new Outcome.Blocked("SourceInvalid", "revision " + runs.revision().number()
                    + " of " + capability.name() + " is not an ikanos document: " + e.getMessage()));
        }
        Map<String, FleetSpec.Bind> mapped = Optional.ofNullable(environment.binds()).map(b -> b.get(capability.name())).orElse(Map.of());
        ExternalSecrets.Result secrets = ExternalSecrets.of(fleet, placement, document, mapped, owner);
        if (!secrets.problems().isEmpty()) {
            return PlacementPlan.keeping(placement, new Outcome.Blocked("BindsIncomplete", String.join("; ", secrets.problems())));
        }
        Optional<FleetSpec.CapabilityOverride> override = Optional.ofNullable(environment.overrides()).map(o -> o.get(capability.name()));
        Optional<String> tier = override.map(FleetSpec.CapabilityOverride::tier).or(() -> Optional.ofNullable(capability.tier()));
        List<HasMetadata> children = new ArrayList<>(FleetObjects.configMaps(fleet, placement, runs.revision(), document, owner));
        children.addAll(secrets.objects());
        Capability desired = FleetObjects.capability(fleet, placement, runs.revision(), tier, override, owner);
        return new PlacementPlan(placement, runs, List.copyOf(children), Optional.of(desired));
    }

    /** Digests that stay whatever their age: pinned anywhere (every cluster's environments), or run by a placement. */
    private static Set<String> protectedDigests(String capability, List<FleetSpec.Environment> environments, List<Revision> recorded,
                                                Map<Placement, String> running) {
        Set<String> digests = new HashSet<>();
        for (FleetSpec.Environment environment : environments) {
            FleetSpec.Pin pin = Optional.ofNullable(environment.pins()).map(p -> p.get(capability)).orElse(null);
            if (pin != null) {
                resolve(pin, recorded).ifPresent(r -> digests.add(r.digest()));
            }
        }
        running.forEach((placement, digest) -> {
            if (placement.capability().equals(capability)) {
                digests.add(digest);
            }
        });
        return digests;
    }

    /** The Fleet as the owner of what it makes (so deleting the Fleet deletes them); empty offline, with no uid. */
    public static Optional<OwnerReference> owner(Fleet fleet) {
        if (fleet.getMetadata().getUid() == null) {
            return Optional.empty();
        }
        return Optional.of(new OwnerReferenceBuilder().withApiVersion(fleet.getApiVersion()).withKind(fleet.getKind())
                .withName(fleet.getMetadata().getName()).withUid(fleet.getMetadata().getUid()).withBlockOwnerDeletion(false).build());
    }
}
