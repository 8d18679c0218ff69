package io.naftiko.skipper.cli.version;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.OperatorLocation;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper version}: this client's version, then the cluster's and its operator's, as kubectl version does. */
@Command(name = "version", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the client's version, then the Kubernetes API server's and the operator's it finds.",
            "--client prints the client's alone and needs no cluster."})
public final class VersionCommand implements Callable<Integer> {

    @Option(names = "--client", description = "Only the client's version.")
    boolean clientOnly;

    @Mixin
    OperatorLocation operator;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Client: " + Skipper.version());
        out.flush();
        if (clientOnly) {
            return 0;
        }
        return ClusterCommands.withClient(cluster, "cannot read the versions", client -> {
            out.println("Kubernetes: " + client.getKubernetesVersion().getGitVersion() + " at " + client.getMasterUrl());
            boolean[] forbidden = {false};
            Optional<Deployment> deployment = operator.deployment(client, () -> forbidden[0] = true);
            out.println("Operator: " + deployment.map(VersionCommand::describe).orElse(forbidden[0]
                    ? "may not read Deployment " + operator.describe() : "none found at " + operator.describe() + " (see --operator-namespace)"));
            return 0;
        });
    }

    /** The operator's image and how many of its replicas are ready. */
    static String describe(Deployment operator) {
        String image = operator.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        Integer ready = operator.getStatus() == null ? null : operator.getStatus().getReadyReplicas();
        return image + " (" + (ready == null ? 0 : ready) + "/" + operator.getSpec().getReplicas() + " ready, namespace "
                + operator.getMetadata().getNamespace() + ")";
    }
}
