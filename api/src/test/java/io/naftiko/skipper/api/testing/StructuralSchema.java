package io.naftiko.skipper.api.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A test-side checker of values against a CRD's structural OpenAPI schema, strict about unknown
 * fields as {@code kubectl apply} with {@code fieldValidation=Strict} is: an unknown field is an
 * error unless the schema preserves unknown fields there.
 */
public final class StructuralSchema {

    private StructuralSchema() {
    }

    /** Every way the value breaks the schema; empty when it conforms. */
    public static List<String> validate(JsonNode schema, JsonNode value) {
        List<String> errors = new ArrayList<>();
        check(schema, value, "", errors);
        return errors;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (value == null || value.isNull()) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                errors.add(path + ": expected an integer or a string, found " + value.getNodeType());
            } else if (value.isTextual() && schema.has("pattern")
                    && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                errors.add(path + ": '" + value.asText() + "' does not match " + schema.get("pattern").asText());
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> object(schema, value, path, errors);
            case "array" -> {
                if (!value.isArray()) {
                    errors.add(path + ": expected an array, found " + value.getNodeType());
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), path + "[" + i + "]", errors);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    errors.add(path + ": expected a string, found " + value.getNodeType());
                    return;
                }
                String text = value.asText();
                if (schema.has("enum") && !contains(schema.get("enum"), value)) {
                    errors.add(path + ": '" + text + "' is not one of " + schema.get("enum"));
                }
                if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
                    errors.add(path + ": shorter than " + schema.get("minLength").asInt());
                }
                if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
                    errors.add(path + ": longer than " + schema.get("maxLength").asInt());
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                    errors.add(path + ": '" + text + "' does not match " + schema.get("pattern").asText());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    errors.add(path + ": expected an integer, found " + value.getNodeType());
                    return;
                }
                if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                    errors.add(path + ": " + value.asLong() + " is below " + schema.get("minimum").asLong());
                }
                if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
                    errors.add(path + ": " + value.asLong() + " is above " + schema.get("maximum").asLong());
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    errors.add(path + ": expected a boolean, found " + value.getNodeType());
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    errors.add(path + ": expected a number, found " + value.getNodeType());
                }
            }
            default -> errors.add(path + ": schema has no type");
        }
    }

    private static void object(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (!value.isObject()) {
            errors.add(path + ": expected an object, found " + value.getNodeType());
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.get("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), at, errors);
            } else if (additional != null && additional.isObject()) {
                check(additional, field.getValue(), at, errors);
            } else if (!preserve && !(properties.isMissingNode() && path.endsWith("metadata"))) {
                errors.add(at + ": unknown field");
            }
        }
        if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asInt()) {
            errors.add(path + ": more than " + schema.get("maxProperties").asInt() + " properties");
        }
        if (schema.has("minProperties") && value.size() < schema.get("minProperties").asInt()) {
            errors.add(path + ": fewer than " + schema.get("minProperties").asInt() + " properties");
        }
        Set<String> present = new HashSet<>();
        value.fieldNames().forEachRemaining(present::add);
        schema.path("required").forEach(r -> {
            if (!present.contains(r.asText())) {
                errors.add((path.isEmpty() ? "" : path + ".") + r.asText() + ": required");
            }
        });
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode candidate : list) {
            if (candidate.equals(value)) {
                return true;
            }
        }
        return false;
    }
}
