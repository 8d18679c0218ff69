package io.naftiko.skipper.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.naftiko.skipper.api.Mappers;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How commands print Kubernetes objects for {@code -o yaml|json|name}, as kubectl does. */
public final class ObjectOutput {

    /** The {@code -o} values; which ones a command accepts is in its help. */
    public enum Format {
        /** The command's own table. */
        table,
        /** The table with more columns. */
        wide,
        /** A YAML stream, {@code ---} between objects. */
        yaml,
        /** One {@code v1 List} holding the objects. */
        json,
        /** {@code kind.group/name}, one per line. */
        name
    }

    private ObjectOutput() {
    }

    /** Prints the objects in a machine format ({@code yaml}, {@code json} or {@code name}). */
    public static void print(List<? extends HasMetadata> objects, Format format, PrintWriter out) {
        try {
            switch (format) {
                case yaml -> {
                    for (HasMetadata object : objects) {
                        out.print("---\n" + Mappers.yaml().writeValueAsString(object));
                    }
                }
                case json -> {
                    ObjectNode list = Mappers.json().createObjectNode().put("apiVersion", "v1").put("kind", "List");
                    ArrayNode items = list.putArray("items");
                    objects.forEach(object -> items.add(Mappers.json().valueToTree(object)));
                    list.putObject("metadata");
                    out.println(Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(list));
                }
                case name -> objects.forEach(object -> out.println(name(object)));
                default -> throw new IllegalArgumentException("not a machine format: " + format);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Kubernetes objects always serialize", e);
        }
    }

    /** {@code kind.group/name} as {@code kubectl -o name} prints it: {@code deployment.apps/x}, {@code configmap/x}. */
    public static String name(HasMetadata object) {
        String apiVersion = object.getApiVersion() == null ? "" : object.getApiVersion();
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return object.getKind().toLowerCase(Locale.ROOT) + group + "/" + object.getMetadata().getName();
    }
}
