package io.naftiko.skipper.operator.fleet.plan;

/** What one placement runs, or why it keeps what it ran. */
public sealed interface Outcome {

    /**
     * The placement runs {@code revision}.
     *
     * @param revision the revision
     * @param why      how it was chosen
     */
    record Runs(Revision revision, Choice why) implements Outcome {
    }

    /**
     * The pin names no revision the cluster has: the placement keeps what it ran.
     *
     * @param pin a description of the pin ({@code revision 3}, {@code digest sha256:…})
     */
    record PinUnavailable(String pin) implements Outcome {
    }

    /**
     * The chosen revision cannot run here; the placement keeps what it ran.
     *
     * @param reason  CamelCase ({@code SourceMissing}, {@code SourceInvalid}, {@code BindsIncomplete})
     * @param message for humans
     */
    record Blocked(String reason, String message) implements Outcome {
    }

    /** How a placement's revision was chosen. */
    enum Choice {
        /** The environment pins it. */
        PINNED,
        /** The environment tracks the newest revision. */
        LATEST,
        /** Neither pinned nor tracking: it stays on what it runs. */
        KEPT,
        /** Neither pinned nor tracking, and nothing runs yet: the newest, once. */
        FIRST
    }
}
