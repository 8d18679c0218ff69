package io.naftiko.skipper.api.v1alpha3;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a Capability's rollout stands, as Argo Rollouts reports it on the Rollout ({@code status.rollout}).
 *
 * @param strategy {@code canary} or {@code blueGreen}
 * @param phase    {@code Pending} (not yet reported), {@code Progressing}, {@code Paused}, {@code Degraded} or {@code Healthy}
 * @param step     canary: the step it is on (1-based; {@code steps} when done), else null
 * @param steps    canary: how many steps the strategy has, else null
 * @param message  what Argo Rollouts says, e.g. which analysis metric failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RolloutSummary(String strategy, String phase, Integer step, Integer steps, String message) {

    /** As {@code skipper status} and the dashboard show it: {@code canary Paused 2/4}, {@code blueGreen Healthy}. */
    public String describe() {
        return strategy + " " + phase + (step == null ? "" : " " + step + "/" + steps);
    }
}
