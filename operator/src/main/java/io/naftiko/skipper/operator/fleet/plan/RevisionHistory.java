package io.naftiko.skipper.operator.fleet.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.NaftikoLabels;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The revisions of one capability: which content is new (recorded as revision max + 1), and which recorded ones go
 * (all but the newest {@code limit}, the pinned ones and the ones an environment runs). Recorded revisions are never
 * rewritten; a content seen again after its revision was pruned is a new revision.
 */
public final class RevisionHistory {

    /** Default of {@code spec.revisionHistoryLimit}. */
    public static final int DEFAULT_LIMIT = 10;
    /** Label values are at most 63 characters: the digest label holds the start of the hex. */
    private static final int DIGEST_LABEL_LENGTH = 63;

    private RevisionHistory() {
    }

    /**
     * What to record and prune.
     *
     * @param recorded the new revision, when the source holds content not recorded yet
     * @param kept     every revision that stays, newest first
     * @param pruned   the recorded revisions to delete
     */
    public record Decision(Optional<Revision> recorded, List<Revision> kept, List<Revision> pruned) {

        /** The newest kept revision. */
        public Optional<Revision> newest() {
            return kept.stream().findFirst();
        }
    }

    /**
     * Decides for one capability.
     *
     * @param capability the capability
     * @param current    its source's content now, if the source exists
     * @param recorded   its recorded revisions
     * @param limit      how many unprotected revisions to keep (at least 1: the newest always stays)
     * @param protect    digests that stay whatever their age: pinned, or run by an environment
     * @param now        when the new content is first seen
     */
    public static Decision decide(String capability, Optional<SourceFiles> current, List<Revision> recorded, int limit,
                                  Set<String> protect, Instant now) {
        List<Revision> all = new ArrayList<>(recorded);
        Optional<Revision> added = Optional.empty();
        if (current.isPresent()) {
            String digest = current.get().digest();
            if (all.stream().noneMatch(revision -> revision.digest().equals(digest))) {
                long next = all.stream().mapToLong(Revision::number).max().orElse(0) + 1;
                added = Optional.of(new Revision(capability, next, digest, current.get(), now));
                all.add(added.get());
            }
        }
        all.sort(Comparator.comparingLong(Revision::number).reversed());
        List<Revision> kept = new ArrayList<>();
        List<Revision> pruned = new ArrayList<>();
        int unprotected = 0;
        for (Revision revision : all) {
            if (protect.contains(revision.digest())) {
                kept.add(revision);
            } else if (unprotected < Math.max(1, limit)) {
                kept.add(revision);
                unprotected++;
            } else {
                pruned.add(revision);
            }
        }
        return new Decision(added, List.copyOf(kept), List.copyOf(pruned));
    }

    /** The ControllerRevision name of a revision: {@code {fleet}.{capability}.{hex}}, unambiguous as names have no dots. */
    public static String objectName(String fleet, Revision revision) {
        return fleet + "." + revision.capability() + "." + revision.hex();
    }

    /** The immutable ControllerRevision recording {@code revision} of fleet {@code fleet}, owned by the Fleet if known. */
    public static ControllerRevision toObject(String fleet, String namespace, Optional<OwnerReference> owner, Revision revision) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("files", new LinkedHashMap<>(revision.files().files()));
        return new ControllerRevisionBuilder().withNewMetadata().withName(objectName(fleet, revision)).withNamespace(namespace)
                .addToLabels(NaftikoLabels.FLEET, fleet).addToLabels(NaftikoLabels.CAPABILITY, revision.capability())
                .addToLabels(NaftikoLabels.DIGEST, revision.hex().substring(0, DIGEST_LABEL_LENGTH))
                .addToAnnotations(NaftikoLabels.FLEET_DIGEST, revision.digest())
                .addToAnnotations(NaftikoLabels.FIRST_SEEN, revision.firstSeen().toString())
                .withOwnerReferences(owner.stream().toList()).endMetadata()
                .withRevision(revision.number()).withData(data).build();
    }

    /**
     * The revision a ControllerRevision records; empty when it is not one of a fleet's (no capability label), or when
     * its content does not have the digest it is named by (edited by hand: never trusted).
     */
    public static Optional<Revision> fromObject(ControllerRevision object) {
        Map<String, String> labels = Optional.ofNullable(object.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> annotations = Optional.ofNullable(object.getMetadata().getAnnotations()).orElse(Map.of());
        String capability = labels.get(NaftikoLabels.CAPABILITY);
        String digest = annotations.get(NaftikoLabels.FLEET_DIGEST);
        if (capability == null || digest == null || object.getRevision() == null) {
            return Optional.empty();
        }
        JsonNode files = Mappers.json().valueToTree(object.getData()).path("files");
        Map<String, String> content = new LinkedHashMap<>();
        files.properties().forEach(file -> content.put(file.getKey(), file.getValue().asText()));
        SourceFiles source = SourceFiles.of(content);
        if (!source.digest().equals(digest)) {
            return Optional.empty();
        }
        Instant firstSeen;
        try {
            firstSeen = Instant.parse(annotations.getOrDefault(NaftikoLabels.FIRST_SEEN, Instant.EPOCH.toString()));
        } catch (DateTimeParseException e) {
            firstSeen = Instant.EPOCH;
        }
        return Optional.of(new Revision(capability, object.getRevision(), digest, source, firstSeen));
    }
}
