package io.naftiko.skipper.reconciler.write;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.reconciler.desired.OwnedFields;
import java.util.Optional;

/**
 * The one way Skipper writes an object it owns: server-side apply with field manager {@value #FIELD_MANAGER},
 * forced (Skipper owns those fields; another manager's claim on them is drift), and sent only when the live object
 * lacks a field Skipper sets or still holds one Skipper released. A converged system therefore makes no write
 * request at all, and a field Skipper stops setting leaves the object, as the API server removes fields a manager
 * no longer applies. No read-modify-write, so no resourceVersion conflict: two writers converge on one value.
 */
public final class OwnedWriter {

    /** Field manager of every apply. */
    public static final String FIELD_MANAGER = "skipper";

    private final KubernetesClient client;

    /** A writer through this client. */
    public OwnedWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Applies {@code desired} unless {@code live} already matches it in every field Skipper owns.
     *
     * @param desired the whole object as Skipper wants it (no resourceVersion, no status)
     * @param live    the object as the cache or the API has it, if it exists
     */
    public WriteOutcome apply(HasMetadata desired, Optional<? extends HasMetadata> live) {
        if (live.isPresent() && matches(live.get(), desired)) {
            return WriteOutcome.NOOP;
        }
        client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        return live.isPresent() ? WriteOutcome.UPDATED : WriteOutcome.CREATED;
    }

    /** Applies {@code desired} unless the object read from the API now already matches it. */
    public WriteOutcome apply(HasMetadata desired) {
        return apply(desired, Optional.ofNullable(client.resource(desired).get()));
    }

    /** Whether {@code live} has every field of {@code desired} and no field Skipper applied before and dropped since. */
    public static boolean matches(HasMetadata live, HasMetadata desired) {
        JsonNode liveJson = Mappers.json().valueToTree(live);
        JsonNode desiredJson = Mappers.json().valueToTree(desired);
        return OwnedFields.covers(liveJson, desiredJson) && ManagedFields.released(liveJson, FIELD_MANAGER, desiredJson).isEmpty();
    }
}
