package io.naftiko.skipper.cli.version;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.Skipper;
import io.naftiko.skipper.cli.apply.ClusterSettings;
import java.io.PrintWriter;
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

    @Option(names = "--operator-namespace", paramLabel = "NS", defaultValue = "skipper",
            description = "Namespace of the operator (default: ${DEFAULT-VALUE}).")
    String operatorNamespace;

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
            Deployment operator;
            try {
                operator = client.apps().deployments().inNamespace(operatorNamespace).withName(ClusterSettings.OPERATOR_DEPLOYMENT).get();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 403) {
                    throw e;
                }
                out.println("Operator: may not read Deployment " + operatorNamespace + "/" + ClusterSettings.OPERATOR_DEPLOYMENT);
                return 0;
            }
            out.println("Operator: " + (operator == null ? "none found in namespace " + operatorNamespace + " (see --operator-namespace)"
                    : describe(operator)));
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
