package io.naftiko.skipper.gateway.routing;

import java.time.Instant;

/**
 * The record of one routed {@code tools/call}, for audit: who called what, what the policy said, how it ended.
 * It never holds the call's arguments or result, nor any credential.
 *
 * @param decisionId  unique per call
 * @param time        when the call arrived
 * @param subject     who called
 * @param namespace   the capability's namespace
 * @param capability  the capability's name
 * @param tool        the tool's name on the capability
 * @param exposedName the tool's name at the gateway
 * @param policy      the policy that decided ({@code none} without a Warden)
 * @param result      how it ended
 * @param reason      the policy's or the failure's sentence, when there is one
 * @param millis      how long it took
 */
public record GatewayDecision(String decisionId, Instant time, String subject, String namespace, String capability, String tool,
                              String exposedName, String policy, CallResult result, String reason, long millis) {
}
