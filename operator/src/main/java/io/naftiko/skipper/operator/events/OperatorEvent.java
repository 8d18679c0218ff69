package io.naftiko.skipper.operator.events;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.naftiko.skipper.reconciler.write.EventRecorder;

/**
 * Something a leader pass did or found, for the log and a Kubernetes Event on the object concerned.
 *
 * @param involved the object it concerns
 * @param type     {@link EventRecorder#NORMAL} or {@link EventRecorder#WARNING}
 * @param reason   CamelCase reason (the rotation decision's, or {@code CaBundleWritten}, …)
 * @param message  what happened, for humans; never a secret value
 */
public record OperatorEvent(ObjectReference involved, String type, String reason, String message) {

    /** Something that went as it should, about {@code kind namespace/name} ({@code namespace} null if cluster-scoped). */
    public static OperatorEvent normal(String apiVersion, String kind, String namespace, String name, String reason, String message) {
        return new OperatorEvent(reference(apiVersion, kind, namespace, name), EventRecorder.NORMAL, reason, message);
    }

    /** Something a person should look at. */
    public static OperatorEvent warning(String apiVersion, String kind, String namespace, String name, String reason, String message) {
        return new OperatorEvent(reference(apiVersion, kind, namespace, name), EventRecorder.WARNING, reason, message);
    }

    /** {@code Kind namespace/name}, for logs. */
    public String object() {
        return involved.getKind() + " " + (involved.getNamespace() == null ? "" : involved.getNamespace() + "/") + involved.getName();
    }

    private static ObjectReference reference(String apiVersion, String kind, String namespace, String name) {
        return new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withNamespace(namespace).withName(name).build();
    }
}
