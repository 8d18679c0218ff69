package io.naftiko.skipper.reconciler.desired;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * Drift detection that never fights the API server or other controllers: Skipper owns exactly the
 * fields of its desired objects. An actual object matches when every field Skipper sets has the
 * same value there; fields the API server defaulted or others set are ignored.
 */
public final class OwnedFields {

    private OwnedFields() {
    }

    /** Whether {@code actual} has every field of {@code desired} with the same value. */
    public static boolean covers(JsonNode actual, JsonNode desired) {
        if (desired == null || desired.isNull()) {
            return true;
        }
        if (actual == null || actual.isNull() || actual.isMissingNode()) {
            return false;
        }
        if (desired.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> field : desired.properties()) {
                if (!covers(actual.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (desired.isArray()) {
            if (!actual.isArray() || actual.size() != desired.size()) {
                return false;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (!covers(actual.get(i), desired.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return sameValue(actual, desired);
    }

    /** Equal text, or two quantities of equal value: the API server writes {@code 1000m} back as {@code 1}. */
    private static boolean sameValue(JsonNode actual, JsonNode desired) {
        if (actual.asText().equals(desired.asText())) {
            return true;
        }
        if (actual.isValueNode() && desired.isValueNode()) {
            Optional<BigDecimal> a = Quantities.value(actual.asText());
            Optional<BigDecimal> d = Quantities.value(desired.asText());
            return a.isPresent() && d.isPresent() && a.get().compareTo(d.get()) == 0;
        }
        return false;
    }
}
