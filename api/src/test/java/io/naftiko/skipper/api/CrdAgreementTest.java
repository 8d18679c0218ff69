package io.naftiko.skipper.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.naftiko.skipper.api.testing.Fixtures;
import io.naftiko.skipper.api.testing.StructuralSchema;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import io.naftiko.skipper.api.v1alpha3.Fleet;
import io.naftiko.skipper.api.v1alpha3.Warden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs in {@code deploy/crds/} and the Java types describe the same objects: names, scope and
 * short names match the annotations, every schema field is a Java property and every Java property
 * a schema field, and real documents pass the schema's strict field validation.
 */
class CrdAgreementTest {

    private static final ObjectMapper MAPPER = Mappers.json();

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(Capability.class, "capabilities.naftiko.io.yaml", "Namespaced"),
                Arguments.of(CapabilityClass.class, "capabilityclasses.naftiko.io.yaml", "Cluster"),
                Arguments.of(Warden.class, "wardens.naftiko.io.yaml", "Namespaced"),
                Arguments.of(Fleet.class, "fleets.naftiko.io.yaml", "Cluster"));
    }

    static JsonNode crd(String file) throws Exception {
        return Mappers.yaml().readTree(Fixtures.read(Fixtures.repoRoot().resolve("deploy/crds").resolve(file)));
    }

    static JsonNode schemaOf(String file) throws Exception {
        return crd(file).at("/spec/versions/0/schema/openAPIV3Schema");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("kinds")
    void namesMatchTheAnnotations(Class<? extends HasMetadata> type, String file, String scope) throws Exception {
        JsonNode crd = crd(file);
        assertThat(crd.at("/metadata/name").asText()).isEqualTo(HasMetadata.getFullResourceName(type));
        assertThat(crd.at("/spec/group").asText()).isEqualTo(HasMetadata.getGroup(type));
        assertThat(crd.at("/spec/names/kind").asText()).isEqualTo(HasMetadata.getKind(type));
        assertThat(crd.at("/spec/names/plural").asText()).isEqualTo(HasMetadata.getPlural(type));
        assertThat(crd.at("/spec/names/singular").asText()).isEqualTo(HasMetadata.getSingular(type));
        assertThat(crd.at("/spec/scope").asText()).isEqualTo(scope);
        assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo(HasMetadata.getVersion(type));
        assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).isTrue();
        Set<String> shortNames = new TreeSet<>();
        crd.at("/spec/names/shortNames").forEach(n -> shortNames.add(n.asText()));
        ShortNames annotation = type.getAnnotation(ShortNames.class);
        assertThat(shortNames).containsExactlyInAnyOrder(annotation == null ? new String[0] : annotation.value());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("kinds")
    void schemaAndJavaTypesHaveTheSameFields(Class<? extends HasMetadata> type, String file, String scope) throws Exception {
        JsonNode schema = schemaOf(file);
        List<String> differences = new ArrayList<>();
        compare(MAPPER.constructType(type).findSuperType(CustomResource.class)
                .containedType(0), schema.at("/properties/spec"), "spec", differences);
        compare(MAPPER.constructType(type).findSuperType(CustomResource.class)
                .containedType(1), schema.at("/properties/status"), "status", differences);
        assertThat(differences).isEmpty();
    }

    @Test
    void shippedClassesPassTheSchema() throws Exception {
        JsonNode schema = schemaOf("capabilityclasses.naftiko.io.yaml");
        for (Path file : Fixtures.filesIn(Fixtures.repoRoot().resolve("deploy/classes"), ".yaml")) {
            assertThat(StructuralSchema.validate(schema, Mappers.yaml().readTree(Fixtures.read(file))))
                    .as(file.toString()).isEmpty();
        }
    }

    static Stream<Path> ikanosCapabilities() {
        return Fixtures.ikanosCapabilities().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ikanosCapabilities")
    void everyRealDocumentInlinedPassesStrictFieldValidation(Path document) throws Exception {
        ObjectNode capability = MAPPER.createObjectNode();
        capability.put("apiVersion", Capability.API_VERSION).put("kind", "Capability");
        capability.putObject("metadata").put("name", "doc").put("namespace", "default");
        capability.set("spec", Mappers.yaml().readTree(Fixtures.read(document)));
        assertThat(StructuralSchema.validate(schemaOf("capabilities.naftiko.io.yaml"), capability)).isEmpty();
    }

    @Test
    void theSchemaCheckerRejectsWhatKubectlRejects() throws Exception {
        ObjectNode capability = MAPPER.createObjectNode();
        capability.putObject("metadata").put("name", "doc");
        ObjectNode spec = capability.putObject("spec");
        spec.putObject("specRef").put("configMap", "x").put("keyy", "typo");
        spec.putObject("runtime").putObject("autoscaling").put("minReplicas", 0);
        assertThat(StructuralSchema.validate(schemaOf("capabilities.naftiko.io.yaml"), capability))
                .containsExactlyInAnyOrder("spec.specRef.keyy: unknown field",
                        "spec.runtime.autoscaling.minReplicas: 0 is below 1");
    }

    private static void compare(JavaType type, JsonNode schema, String path, List<String> differences) {
        if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean() && !schema.has("properties")) {
            return;
        }
        Class<?> raw = type.getRawClass();
        if (raw == Quantity.class || raw == IntOrString.class) {
            if (!schema.path("x-kubernetes-int-or-string").asBoolean()) {
                differences.add(path + ": a " + raw.getSimpleName() + " must be int-or-string in the schema");
            }
            return;
        }
        if (JsonNode.class.isAssignableFrom(raw)) {
            return;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            expectType(schema, "array", path, differences);
            compare(type.getContentType(), schema.path("items"), path + "[]", differences);
            return;
        }
        if (Map.class.isAssignableFrom(raw)) {
            expectType(schema, "object", path, differences);
            compare(type.getContentType(), schema.path("additionalProperties"), path + "{}", differences);
            return;
        }
        if (raw == String.class || raw.isEnum()) {
            expectType(schema, "string", path, differences);
            if (raw.isEnum()) {
                Set<String> constants = new TreeSet<>();
                for (Object constant : raw.getEnumConstants()) {
                    constants.add(constant.toString());
                }
                Set<String> allowed = new TreeSet<>();
                schema.path("enum").forEach(e -> allowed.add(e.asText()));
                if (!constants.equals(allowed)) {
                    differences.add(path + ": enum " + allowed + " but Java has " + constants);
                }
            }
            return;
        }
        if (raw == Integer.class || raw == Long.class || raw == int.class || raw == long.class) {
            expectType(schema, "integer", path, differences);
            return;
        }
        if (raw == Boolean.class || raw == boolean.class) {
            expectType(schema, "boolean", path, differences);
            return;
        }
        if (raw == Double.class || raw == double.class) {
            expectType(schema, "number", path, differences);
            return;
        }
        expectType(schema, "object", path, differences);
        BeanDescription bean = MAPPER.getSerializationConfig().introspect(type);
        Set<String> javaFields = new TreeSet<>();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            boolean anyGetter = property.hasGetter()
                    && property.getGetter().hasAnnotation(JsonAnyGetter.class);
            if (property.couldSerialize() && !anyGetter) {
                javaFields.add(property.getName());
                JsonNode fieldSchema = schema.path("properties").path(property.getName());
                if (fieldSchema.isMissingNode()) {
                    differences.add(path + "." + property.getName() + ": in Java, not in the schema");
                } else {
                    compare(property.getPrimaryType(), fieldSchema, path + "." + property.getName(), differences);
                }
            }
        }
        boolean javaKeepsOtherFields = bean.findAnySetterAccessor() != null;
        schema.path("properties").fieldNames().forEachRemaining(field -> {
            if (!javaFields.contains(field) && !javaKeepsOtherFields) {
                differences.add(path + "." + field + ": in the schema, not in Java");
            }
        });
    }

    private static void expectType(JsonNode schema, String type, String path, List<String> differences) {
        if (!type.equals(schema.path("type").asText())) {
            differences.add(path + ": schema type '" + schema.path("type").asText() + "' but Java needs '" + type + "'");
        }
    }
}
