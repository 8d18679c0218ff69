package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A Capability's spec: either {@code specRef} or an inline ikanos document ({@code ikanos},
 * {@code info}, {@code capability}, {@code binds}, {@code consumes}), plus the expanded {@code runtime}.
 *
 * <p>The inline document is kept as the user's JSON tree, in the user's key order, so that no
 * field Skipper does not know is ever lost.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"specRef", "runtime"})
public class CapabilitySpec {

    private SpecRef specRef;
    private CapabilityRuntime runtime;
    private final Map<String, JsonNode> document = new LinkedHashMap<>();

    /** The ConfigMap holding the document, or {@code null} when the document is inline. */
    public SpecRef getSpecRef() {
        return specRef;
    }

    /** Sets the ConfigMap reference. */
    public void setSpecRef(SpecRef specRef) {
        this.specRef = specRef;
    }

    /** The expanded runtime, or {@code null} before admission. */
    public CapabilityRuntime getRuntime() {
        return runtime;
    }

    /** Sets the runtime. */
    public void setRuntime(CapabilityRuntime runtime) {
        this.runtime = runtime;
    }

    /** The inline document's top-level fields, in the user's order (read-only). */
    @JsonAnyGetter
    public Map<String, JsonNode> getDocument() {
        return Collections.unmodifiableMap(document);
    }

    /** Adds or replaces one top-level field of the inline document. */
    @JsonAnySetter
    public void setDocumentField(String name, JsonNode value) {
        document.put(name, value);
    }

    /** Whether any inline document field is present. */
    @JsonIgnore
    public boolean hasInlineDocument() {
        return !document.isEmpty();
    }

    /** The inline document as one JSON object; its fields are this spec's own nodes (treat them as read-only). */
    public ObjectNode inlineDocument() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        document.forEach(node::set);
        return node;
    }

    /** A copy of this spec with another runtime; the document's nodes are shared, not copied. */
    public CapabilitySpec withRuntime(CapabilityRuntime newRuntime) {
        CapabilitySpec copy = new CapabilitySpec();
        copy.specRef = specRef;
        copy.runtime = newRuntime;
        copy.document.putAll(document);
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapabilitySpec other
                && Objects.equals(specRef, other.specRef)
                && Objects.equals(runtime, other.runtime)
                && document.equals(other.document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(specRef, runtime, document);
    }
}
