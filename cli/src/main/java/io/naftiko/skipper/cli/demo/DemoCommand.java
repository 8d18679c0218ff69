package io.naftiko.skipper.cli.demo;

import io.naftiko.skipper.api.SystemClock;
import io.naftiko.skipper.cli.UserError;
import io.naftiko.skipper.demo.Demo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper demo}: the whole system on this machine, with an embedded in-memory Kubernetes API. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole system on this machine, with no cluster.",
            "An embedded in-memory Kubernetes API (not a real cluster), the operator, the sample Capabilities admitted over",
            "HTTPS and reconciled, and a Warden pulling a signed bundle over mTLS. Prints a report; exits 0 when every step",
            "did what it should."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--keep", description = "Keep everything up after the report (the embedded API, the operator, its dashboard)"
            + " until Ctrl-C, to look around.")
    boolean keep;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            Demo demo = new Demo(spec.commandLine().getOut(), SystemClock.utc());
            (keep ? demo.keepingUp() : demo).run();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted", e);
        } catch (Exception e) {
            throw new UserError("the demo failed: " + e.getMessage(), e);
        }
    }
}
