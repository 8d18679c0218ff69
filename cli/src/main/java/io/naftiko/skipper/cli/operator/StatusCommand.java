package io.naftiko.skipper.cli.operator;

import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.reconciler.render.CapabilityTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper status}: every Capability with its phase, endpoint and what is wrong. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print every Capability with its phase, endpoint and the reason of any condition that is not True.")
public final class StatusCommand implements Callable<Integer> {

    @Option(names = {"-n", "--namespace"}, description = "Only this namespace (default: all).")
    String namespace;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return ClusterCommands.withClient(cluster, "cannot list Capabilities", client -> {
            CapabilityTable.print(namespace == null ? client.resources(Capability.class).inAnyNamespace().list().getItems()
                    : client.resources(Capability.class).inNamespace(namespace).list().getItems(), spec.commandLine().getOut());
            return 0;
        });
    }
}
