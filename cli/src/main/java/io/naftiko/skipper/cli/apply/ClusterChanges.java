package io.naftiko.skipper.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ServerSideApplicable;
import io.fabric8.zjsonpatch.JsonDiff;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.reconciler.render.RenderInputs;
import io.naftiko.skipper.reconciler.render.RenderResult;
import io.naftiko.skipper.reconciler.render.Renderer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code skipper apply} and {@code skipper diff} against a cluster: what to send (the inputs a file describes,
 * Capabilities last so that the ConfigMaps they reference exist when the webhook admits them), how it is sent
 * (server-side apply as field manager {@value #FIELD_MANAGER}), and how the objects {@code render} computes differ
 * from the live ones.
 */
public final class ClusterChanges {

    /** The field manager of {@code skipper apply}; the operator's own is {@code skipper}. */
    public static final String FIELD_MANAGER = "skipper-cli";

    private ClusterChanges() {
    }

    /** kubectl's {@code --dry-run}: not at all, computed here, or computed (and admitted) by the API server. */
    public enum DryRun {
        /** Send for real. */
        none,
        /** Compare with the live objects here; nothing is sent. */
        client,
        /** The API server runs admission (the webhook included) and stores nothing. */
        server
    }

    /** What became of one object sent by {@code apply}. */
    public enum Applied {
        /** It did not exist. */
        created(false),
        /** It existed and changed. */
        configured(false),
        /** It existed as applied. */
        unchanged(false),
        /** An admission webhook refused it. */
        denied(true),
        /** The API server found it invalid (its schema). */
        invalid(true),
        /** Another field manager owns a field it sets (see {@code --force-conflicts}). */
        conflict(true),
        /** The user may not write it (RBAC or authentication). */
        forbidden(true),
        /** Any other answer of the API server. */
        failed(true);

        private final boolean failure;

        Applied(boolean failure) {
            this.failure = failure;
        }

        /** Whether this makes the command fail. */
        public boolean failure() {
            return failure;
        }
    }

    /**
     * One object sent by {@code apply}.
     *
     * @param object  {@code Kind namespace/name}
     * @param action  what became of it
     * @param message the API server's message when it refused
     * @param result  the object as the API server returned it (as sent, for a client dry run; null when refused)
     */
    public record Outcome(String object, Applied action, String message, HasMetadata result) {
    }

    /** How one rendered object differs from the cluster's. */
    public enum Difference {
        /** Not in the cluster. */
        create,
        /** In the cluster, with other values. */
        update,
        /** In the cluster as rendered. */
        none
    }

    /**
     * One object compared by {@code diff}.
     *
     * @param object     {@code Kind namespace/name}
     * @param difference how it differs
     * @param paths      the JSON patch operations and paths that differ
     */
    public record Change(String object, Difference difference, List<String> paths) {
    }

    /** What {@code apply -f} sends: classes, ConfigMaps, wrapped documents' ConfigMaps, then Capabilities. */
    public static List<HasMetadata> inputs(RenderInputs inputs, Renderer renderer, String namespace) {
        List<HasMetadata> objects = new ArrayList<>(inputs.classes());
        inputs.configMaps().forEach(configMap -> objects.add(withNamespace(configMap, namespace)));
        inputs.documents().forEach(document -> objects.addAll(renderer.clusterInputs(document)));
        inputs.capabilities().forEach(resource -> objects.add(withNamespace(resource.capability(), namespace)));
        objects.sort(Comparator.comparingInt(ClusterChanges::order));
        return objects;
    }

    /**
     * Server-side applies each object as {@value #FIELD_MANAGER}: the fields it sets become its own, fields other
     * tools set (labels, annotations, replicas of an autoscaler) stay. The cluster's webhook admits Capabilities; its
     * denials, and every other refusal, are reported by kind. An unreachable cluster is not a refusal: it is thrown.
     */
    public static List<Outcome> apply(KubernetesClient client, List<HasMetadata> objects, DryRun dryRun, boolean forceConflicts) {
        List<Outcome> outcomes = new ArrayList<>();
        for (HasMetadata object : objects) {
            String name = describe(object);
            try {
                HasMetadata live = client.resource(object).get();
                if (dryRun == DryRun.client) {
                    boolean same = live != null && project(Mappers.json().valueToTree(live), comparable(object)).equals(comparable(object));
                    outcomes.add(new Outcome(name, live == null ? Applied.created : same ? Applied.unchanged : Applied.configured, null, object));
                    continue;
                }
                ServerSideApplicable<HasMetadata> apply = (dryRun == DryRun.server ? client.resource(object).dryRun()
                        : client.resource(object)).fieldManager(FIELD_MANAGER);
                HasMetadata result = (forceConflicts ? apply.forceConflicts() : apply).serverSideApply();
                Applied action = live == null ? Applied.created
                        : comparable(live).equals(comparable(result)) ? Applied.unchanged : Applied.configured;
                outcomes.add(new Outcome(name, action, null, result));
            } catch (KubernetesClientException e) {
                if (e.getStatus() == null || e.getCode() <= 0) {
                    throw e;
                }
                outcomes.add(new Outcome(name, refusal(e), ClusterCommands.message(e), null));
            }
        }
        return outcomes;
    }

    /** Which kind of refusal an API server answer is: a webhook's denial is only what the API server says is one. */
    static Applied refusal(KubernetesClientException e) {
        String message = ClusterCommands.message(e).toLowerCase(Locale.ROOT);
        if (message.contains("admission webhook") && message.contains("denied the request")) {
            return Applied.denied;
        }
        return switch (e.getCode()) {
            case 409 -> Applied.conflict;
            case 422 -> Applied.invalid;
            case 401, 403 -> Applied.forbidden;
            default -> Applied.failed;
        };
    }

    /** How every object {@code render} computes (the admitted Capability, its inputs, its children) differs from the cluster. */
    public static List<Change> diff(KubernetesClient client, RenderResult rendered) {
        List<Change> changes = new ArrayList<>();
        for (RenderResult.Section section : rendered.sections()) {
            for (HasMetadata desired : section.objects()) {
                HasMetadata live = client.resource(desired).get();
                JsonNode wanted = withoutStatus(Mappers.json().valueToTree(desired));
                if (live == null) {
                    changes.add(new Change(describe(desired), Difference.create, List.of()));
                    continue;
                }
                JsonNode patch = JsonDiff.asJson(project(Mappers.json().valueToTree(live), wanted), wanted);
                List<String> paths = new ArrayList<>();
                patch.forEach(operation -> paths.add(operation.path("op").asText() + " " + operation.path("path").asText()));
                changes.add(new Change(describe(desired), paths.isEmpty() ? Difference.none : Difference.update, paths));
            }
        }
        return changes;
    }

    /** The live object cut to the fields the desired one sets: the cluster's own fields are not differences. */
    static JsonNode project(JsonNode live, JsonNode desired) {
        if (!live.isObject() || !desired.isObject()) {
            return live;
        }
        ObjectNode projected = Mappers.json().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = desired.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (live.has(field.getKey())) {
                projected.set(field.getKey(), project(live.get(field.getKey()), field.getValue()));
            }
        }
        return projected;
    }

    /** An object without what every write changes (resourceVersion, managedFields' times, status). */
    private static JsonNode comparable(HasMetadata object) {
        JsonNode node = withoutStatus(Mappers.json().valueToTree(object));
        if (node.get("metadata") instanceof ObjectNode metadata) {
            metadata.remove(List.of("resourceVersion", "managedFields", "generation"));
        }
        return node;
    }

    private static JsonNode withoutStatus(JsonNode object) {
        if (object.isObject()) {
            ((ObjectNode) object).remove("status");
        }
        return object;
    }

    private static HasMetadata withNamespace(HasMetadata object, String namespace) {
        if (object.getMetadata().getNamespace() == null) {
            object.getMetadata().setNamespace(namespace);
        }
        return object;
    }

    private static int order(HasMetadata object) {
        return object instanceof CapabilityClass ? 0 : object instanceof Capability ? 2 : 1;
    }

    private static String describe(HasMetadata object) {
        return object.getKind() + " " + Optional.ofNullable(object.getMetadata().getNamespace()).map(ns -> ns + "/").orElse("")
                + object.getMetadata().getName();
    }
}
