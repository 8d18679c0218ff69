package io.naftiko.skipper.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
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
import java.util.Map;
import java.util.Optional;

/**
 * {@code skipper apply} and {@code skipper diff} against a cluster: what to send (the inputs a file describes,
 * Capabilities last so that the ConfigMaps they reference exist when the webhook admits them), and how the
 * objects {@code render} computes differ from the live ones.
 */
public final class ClusterChanges {

    private ClusterChanges() {
    }

    /**
     * One object sent to, or compared with, the cluster.
     *
     * @param object  {@code Kind namespace/name}
     * @param action  created, configured, unchanged, denied (apply); create, update, none (diff)
     * @param details the webhook's message, or the JSON paths that differ
     */
    public record Change(String object, String action, List<String> details) {
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

    /** Creates or updates each object; the cluster's webhook admits Capabilities, and its denials are reported. */
    public static List<Change> apply(KubernetesClient client, List<HasMetadata> objects) {
        List<Change> changes = new ArrayList<>();
        for (HasMetadata object : objects) {
            String name = describe(object);
            try {
                HasMetadata live = client.resource(object).get();
                if (live != null && project(Mappers.json().valueToTree(live), Mappers.json().valueToTree(object))
                        .equals(strip(Mappers.json().valueToTree(object)))) {
                    changes.add(new Change(name, "unchanged", List.of()));
                    continue;
                }
                client.resource(object).createOr(NonDeletingOperation::update);
                changes.add(new Change(name, live == null ? "created" : "configured", List.of()));
            } catch (KubernetesClientException e) {
                changes.add(new Change(name, "denied", List.of(ClusterCommands.message(e))));
            }
        }
        return changes;
    }

    /** How every object {@code render} computes (the admitted Capability, its inputs, its children) differs from the cluster. */
    public static List<Change> diff(KubernetesClient client, RenderResult rendered) {
        List<Change> changes = new ArrayList<>();
        for (RenderResult.Section section : rendered.sections()) {
            for (HasMetadata desired : section.objects()) {
                HasMetadata live = client.resource(desired).get();
                JsonNode wanted = strip(Mappers.json().valueToTree(desired));
                if (live == null) {
                    changes.add(new Change(describe(desired), "create", List.of()));
                    continue;
                }
                JsonNode patch = JsonDiff.asJson(project(Mappers.json().valueToTree(live), wanted), wanted);
                List<String> paths = new ArrayList<>();
                patch.forEach(operation -> paths.add(operation.path("op").asText() + " " + operation.path("path").asText()));
                changes.add(new Change(describe(desired), paths.isEmpty() ? "none" : "update", paths));
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

    private static JsonNode strip(JsonNode object) {
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
