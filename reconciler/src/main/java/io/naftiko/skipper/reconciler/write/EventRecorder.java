package io.naftiko.skipper.reconciler.write;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about Skipper's objects ({@code kubectl describe} shows them). Best effort: an Event that cannot
 * be written is logged at debug, since the status or the log says the same thing.
 */
public final class EventRecorder {

    /** The Event type of something that went as it should. */
    public static final String NORMAL = "Normal";
    /** The Event type of something a person should look at. */
    public static final String WARNING = "Warning";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    /** A recorder writing through this client, stamping Events with this clock. */
    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * Records one Event.
     *
     * @param involved what it is about (its namespace is the Event's; a cluster-scoped object's Events go to
     *                 {@code default})
     * @param type     {@link #NORMAL} or {@link #WARNING}
     * @param reason   CamelCase reason
     * @param message  for humans; never a secret value
     */
    public void record(ObjectReference involved, String type, String reason, String message) {
        String namespace = involved.getNamespace() == null ? "default" : involved.getNamespace();
        String now = clock.instant().toString();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withName(involved.getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(namespace).endMetadata()
                    .withInvolvedObject(involved)
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(OwnedWriter.FIELD_MANAGER).endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debug("could not record event {} for {} {}: {}", reason, involved.getKind().toLowerCase(Locale.ROOT),
                    involved.getName(), e.getMessage());
        }
    }
}
