package io.naftiko.skipper.api.admission;

import io.naftiko.skipper.api.tier.ResolvedClass;
import io.naftiko.skipper.api.v1alpha3.Capability;
import java.util.List;

/**
 * A Capability through mutation and validation.
 *
 * @param admitted   the expanded Capability, as it would be stored
 * @param resolved   the class it was expanded from
 * @param validation the judgement of the expanded Capability
 * @param warnings   every admission warning, once each
 */
public record AdmissionOutcome(Capability admitted, ResolvedClass resolved, ValidationResult validation,
                               List<String> warnings) {

    /** Whether the Capability would be stored. */
    public boolean allowed() {
        return validation.allowed();
    }
}
