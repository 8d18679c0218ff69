package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Map;

/**
 * Observed state of a Warden.
 *
 * @param certificateNotAfter expiry of its mTLS client certificate (RFC 3339)
 * @param instances           what each instance last reported
 * @param observedGeneration  generation this status describes
 * @param conditions          {@code Ready}, {@code CertificateIssued}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WardenStatus(
        String certificateNotAfter,
        List<Instance> instances,
        Long observedGeneration,
        List<Condition> conditions) {

    /**
     * One policy-engine instance, from its status reports.
     *
     * @param id              the instance id it reports
     * @param activeRevisions bundle name to active revision
     * @param lastReport      time of the last report (RFC 3339)
     * @param errors          errors it reported, if any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Instance(String id, Map<String, String> activeRevisions, String lastReport, List<String> errors) {
    }
}
