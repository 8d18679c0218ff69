package io.naftiko.skipper.reconciler.desired;

import io.naftiko.skipper.api.testing.Fixtures;

/** Golden files of this module's tests: {@code src/test/resources/golden/<Test>.<case>-<Kind>.yaml}. */
final class Golden {

    private Golden() {
    }

    static void assertMatches(String module, String name, String actual) {
        io.naftiko.skipper.api.testing.Golden.assertMatches(
                Fixtures.repoRoot().resolve(module).resolve("src/test/resources/golden").resolve(name + ".yaml"), actual);
    }
}
