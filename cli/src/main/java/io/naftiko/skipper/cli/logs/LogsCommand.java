package io.naftiko.skipper.cli.logs;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import io.fabric8.kubernetes.client.dsl.TailPrettyLoggable;
import io.fabric8.kubernetes.client.dsl.TimeTailPrettyLoggable;
import io.naftiko.skipper.api.NaftikoLabels;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.UserError;
import io.naftiko.skipper.reconciler.desired.ChildNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skipper logs CAPABILITY}: every replica's engine log, each line prefixed by its pod, as stern prints them. */
@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the engine log of every replica of a Capability, each line prefixed by its pod.",
            "With -f, the replicas' logs are followed side by side until they end or Ctrl-C; pods that start later are",
            "not picked up (run the command again)."})
public final class LogsCommand implements Callable<Integer> {

    /** Most logs followed at once: one thread each. */
    static final int MAX_STREAMS = 64;

    @Parameters(paramLabel = "CAPABILITY", description = "The Capability.")
    String capability;

    @Option(names = {"-n", "--namespace"}, description = "Its namespace (default: the kubeconfig context's).")
    String namespace;

    @Option(names = {"-f", "--follow"}, description = "Follow the logs.")
    boolean follow;

    @Option(names = "--since", paramLabel = "DURATION", description = "Only lines newer than this, e.g. 10m, 1h.")
    Duration since;

    @Option(names = "--tail", paramLabel = "LINES", description = "Only the last LINES lines of each log.")
    Integer tail;

    @Option(names = "--all-containers", description = "Every container of the pods, not only the engine.")
    boolean allContainers;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    /** One log: a pod's container, and the prefix of its lines. */
    record Stream(String pod, String container, String prefix) {
    }

    @Override
    public Integer call() {
        if (tail != null && tail < 0) {
            throw new UserError("--tail " + tail + ": a number of lines, 0 or more");
        }
        return ClusterCommands.withClient(cluster, "cannot read logs", client -> {
            String ns = namespace != null ? namespace : client.getNamespace() == null ? "default" : client.getNamespace();
            if (client.resources(Capability.class).inNamespace(ns).withName(capability).get() == null) {
                throw new UserError("no Capability " + ns + "/" + capability);
            }
            List<Pod> pods = client.pods().inNamespace(ns).withLabel(NaftikoLabels.CAPABILITY, capability).list().getItems();
            if (pods.isEmpty()) {
                throw new UserError("Capability " + ns + "/" + capability + " has no pods yet");
            }
            List<Stream> streams = streams(pods, allContainers);
            if (follow && streams.size() > MAX_STREAMS) {
                throw new UserError(streams.size() + " logs to follow; at most " + MAX_STREAMS + " (drop --all-containers)");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!follow) {
                streams.forEach(stream -> copy(client, ns, stream, out));
                return 0;
            }
            List<Thread> readers = new ArrayList<>();
            for (Stream stream : streams) {
                Thread reader = new Thread(() -> {
                    try {
                        copy(client, ns, stream, out);
                    } catch (RuntimeException e) {
                        // One broken stream is reported and the others go on, as stern does.
                        spec.commandLine().getErr().println("logs: " + stream.prefix() + ": " + e.getMessage());
                        spec.commandLine().getErr().flush();
                    }
                }, "logs-" + stream.pod());
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            for (Thread reader : readers) {
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
            return 0;
        });
    }

    /** The logs to read, pods by name: the engine container of each, or all of them; the prefix names the container only then. */
    static List<Stream> streams(List<Pod> pods, boolean allContainers) {
        List<Stream> streams = new ArrayList<>();
        pods.stream().sorted(Comparator.comparing(p -> p.getMetadata().getName())).forEach(pod -> {
            for (Container container : pod.getSpec().getContainers()) {
                if (allContainers) {
                    streams.add(new Stream(pod.getMetadata().getName(), container.getName(), pod.getMetadata().getName() + " " + container.getName()));
                } else if (ChildNames.CONTAINER.equals(container.getName())) {
                    streams.add(new Stream(pod.getMetadata().getName(), container.getName(), pod.getMetadata().getName()));
                }
            }
        });
        return streams;
    }

    private void copy(KubernetesClient client, String ns, Stream stream, PrintWriter out) {
        TimeTailPrettyLoggable base = client.pods().inNamespace(ns).withName(stream.pod()).inContainer(stream.container());
        TailPrettyLoggable timed = since == null ? base : base.sinceSeconds((int) Math.max(1, since.toSeconds()));
        Loggable log = tail == null ? timed : timed.tailingLines(tail);
        try {
            if (follow) {
                try (LogWatch watch = log.watchLog(); Reader reader = new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8)) {
                    print(reader, stream, out);
                }
            } else {
                try (Reader reader = log.getLogReader()) {
                    print(reader, stream, out);
                }
            }
        } catch (IOException e) {
            throw new UserError(stream.prefix() + ": the log stream broke: " + e.getMessage(), e);
        }
    }

    private static void print(Reader reader, Stream stream, PrintWriter out) throws IOException {
        BufferedReader lines = new BufferedReader(reader);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            synchronized (out) {
                out.println(stream.prefix() + " " + line);
                out.flush();
            }
        }
    }
}
