package io.naftiko.skipper.api.validation;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading Kubernetes quantities ({@code 250m}, {@code 1Gi}, {@code 2}) as numbers. */
public final class Quantities {

    private static final Pattern SYNTAX = Pattern.compile(
            "^[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$");

    private Quantities() {
    }

    /** The quantity's value in base units (cores, bytes), or empty when it is not a valid quantity. */
    public static Optional<BigDecimal> value(String text) {
        // Checked before construction: Quantity's constructor throws on text that is not a quantity.
        return text == null || !SYNTAX.matcher(text).matches() ? Optional.empty() : value(new Quantity(text));
    }

    /** The value of a quantity, or empty when it is not one. */
    public static Optional<BigDecimal> value(Quantity quantity) {
        if (quantity == null || quantity.toString() == null || !SYNTAX.matcher(quantity.toString()).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Quantity.getAmountInBytes(quantity));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
