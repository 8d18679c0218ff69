package io.naftiko.skipper.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for something a controller does in the background, in tests: polls until it holds, up to a generous
 * deadline (30 s), so a loaded machine slows a test down but never fails it.
 */
public final class Eventually {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Eventually() {
    }

    /** Returns once {@code done} holds; throws {@link AssertionError} naming {@code what} if it never does. */
    public static void until(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + PATIENCE.toSeconds() + " s waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }
}
