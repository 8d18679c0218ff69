package io.naftiko.skipper.bundler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form OPA hashes data files and manifests in, so that our hashes equal OPA's:
 * objects with keys sorted by their UTF-8 bytes, arrays in order, no whitespace, strings escaped as
 * Go's encoder does without HTML escaping ({@code \u2028} and {@code \u2029} are escaped, {@code <>&}
 * are not), and JSON numbers exactly as written ({@code 1e3} stays {@code 1e3}).
 */
public final class OpaCanonicalJson {

    private static final JsonFactory JSON = new JsonFactory();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private OpaCanonicalJson() {
    }

    /** The canonical form of a JSON text. */
    public static byte[] ofJson(byte[] json) throws IOException {
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty JSON");
            }
            String canonical = value(parser);
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
            return canonical.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The canonical form of a YAML text (read as OPA does: YAML to JSON, numbers as Go prints them). */
    public static byte[] ofYaml(byte[] yaml) throws IOException {
        JsonNode node = Mappers.yaml().readTree(yaml);
        return node(node == null ? Mappers.json().nullNode() : node).getBytes(StandardCharsets.UTF_8);
    }

    private static String value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, String> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    // Go decodes into a map: a repeated key keeps its last value.
                    members.put(key, value(parser));
                }
                return object(members);
            }
            case START_ARRAY -> {
                List<String> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(value(parser));
                }
                return "[" + String.join(",", elements) + "]";
            }
            case VALUE_STRING -> {
                return string(parser.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getText();
            }
            case VALUE_TRUE -> {
                return "true";
            }
            case VALUE_FALSE -> {
                return "false";
            }
            case VALUE_NULL -> {
                return "null";
            }
            default -> throw new IOException("unexpected " + token);
        }
    }

    private static String node(JsonNode node) {
        if (node.isObject()) {
            Map<String, String> members = new LinkedHashMap<>();
            node.properties().forEach(e -> members.put(e.getKey(), node(e.getValue())));
            return object(members);
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(e -> elements.add(node(e)));
            return "[" + String.join(",", elements) + "]";
        }
        if (node.isTextual()) {
            return string(node.asText());
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            return goFloat(node.doubleValue());
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "true" : "false";
        }
        return "null";
    }

    private static String object(Map<String, String> members) {
        String[] keys = members.keySet().toArray(String[]::new);
        Arrays.sort(keys, (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            out.append(i == 0 ? "" : ",").append(string(keys[i])).append(':').append(members.get(keys[i]));
        }
        return out.append('}').toString();
    }

    /** A string as Go's {@code json.Encoder} with {@code SetEscapeHTML(false)} writes it. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\u2028' -> out.append("\\u2028");
                case '\u2029' -> out.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A float64 as Go's JSON encoder prints it: plain between 1e-6 and 1e21, exponent form outside. */
    static String goFloat(double value) {
        double abs = Math.abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String text = new BigDecimal(Double.toString(value)).stripTrailingZeros().toString().replace('E', 'e');
            // Go writes 1e+21 and 1e-07: a sign always, at least two exponent digits.
            return text.replaceAll("e(\\d)", "e+$1").replaceAll("e([+-])(\\d)$", "e$10$2");
        }
        String plain = new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "-0" : plain;
    }
}
