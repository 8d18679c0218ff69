package io.naftiko.skipper.audit;

/**
 * How many decisions one Warden made on one path with one result, over a time range.
 *
 * @param warden the Warden
 * @param path   the policy path
 * @param result the result
 * @param count  how many
 */
public record SummaryRow(String warden, String path, DecisionResult result, long count) {
}
