package io.naftiko.skipper.dashboard.view;

import io.naftiko.skipper.api.v1alpha3.Phase;

/** How each status word is shown. */
final class Tones {

    private Tones() {
    }

    /** A Capability's phase. */
    static Html.Tone of(Phase phase) {
        if (phase == null) {
            return Html.Tone.NEUTRAL;
        }
        return switch (phase) {
            case Running -> Html.Tone.GOOD;
            case Pending -> Html.Tone.PENDING;
            case Degraded, Failed -> Html.Tone.BAD;
        };
    }

    /** A rollout's phase word (Healthy, Progressing, Paused, Degraded, Pending, Unmanaged). */
    static Html.Tone ofRollout(String phase) {
        return switch (phase == null ? "" : phase) {
            case "Healthy" -> Html.Tone.GOOD;
            case "Progressing", "Paused", "Pending" -> Html.Tone.PENDING;
            case "Degraded" -> Html.Tone.BAD;
            default -> Html.Tone.NEUTRAL;
        };
    }
}
