package io.naftiko.skipper.cli.audit;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.naftiko.skipper.audit.AuditInputException;
import io.naftiko.skipper.audit.DecisionPage;
import io.naftiko.skipper.audit.DecisionTable;
import io.naftiko.skipper.audit.query.AuditClient;
import io.naftiko.skipper.cli.ClusterCommands;
import io.naftiko.skipper.cli.ClusterOptions;
import io.naftiko.skipper.cli.OperatorLocation;
import io.naftiko.skipper.cli.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code skipper audit}: Wardens' decisions, newest first, from the operator's audit. Without {@code --url} it opens
 * a port-forward to a ready operator pod with the kubeconfig's credentials (the RBAC right to port-forward in
 * Skipper's namespace is what reading the audit takes), asks, and closes it.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"List Wardens' decisions, newest first: who was denied what, when, under which bundle revision.",
            "Reaches the operator through a port-forward with your kubeconfig (or --url), as kubectl port-forward would."})
public final class AuditCommand implements Callable<Integer> {

    @Option(names = "--warden", paramLabel = "NS/NAME", description = "Only this Warden's decisions.")
    String warden;

    @Option(names = "--capability", paramLabel = "[NS/]NAME", description = "Only decisions about this capability.")
    String capability;

    @Option(names = "--path", description = "Only this policy path, e.g. naftiko/gateway/allow.")
    String path;

    @Option(names = "--deny", description = "Only denies (the same as --result deny).")
    boolean deny;

    @Option(names = "--result", description = "Only this result: allow, deny, error, undefined, value.")
    String result;

    @Option(names = "--since", defaultValue = "24h", description = "From this long ago or this RFC 3339 time (default: ${DEFAULT-VALUE}).")
    String since;

    @Option(names = "--until", description = "Up to this long ago or this RFC 3339 time (default: now).")
    String until;

    @Option(names = "--limit", defaultValue = "50", description = "At most this many decisions, 1 to 500 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--summary", description = "Counts per Warden, path and result over the range instead of decisions.")
    boolean summary;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, wide or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--url", paramLabel = "URL", description = "The audit API itself, e.g. http://127.0.0.1:8445 after kubectl port-forward.")
    URI url;

    @Mixin
    OperatorLocation operator;

    @Option(names = "--audit-port", defaultValue = "8445", description = "The audit API's port in the pod (default: ${DEFAULT-VALUE}).")
    int auditPort;

    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!List.of("table", "wide", "json").contains(output)) {
            throw new UserError("-o " + output + ": table, wide or json");
        }
        if (deny && result != null && !result.equals("deny")) {
            throw new UserError("--deny with --result " + result + ": choose one");
        }
        if (url != null) {
            return query(new AuditClient(url));
        }
        return ClusterCommands.withClient(cluster, "cannot reach the audit", client -> {
            Pod pod = operator.readyPod(client);
            try (LocalPortForward forward = client.pods().inNamespace(operator.namespace()).withName(pod.getMetadata().getName())
                    .portForward(auditPort)) {
                return query(new AuditClient(URI.create("http://127.0.0.1:" + forward.getLocalPort())));
            } catch (IOException e) {
                throw new UserError("the port-forward to " + pod.getMetadata().getName() + " failed: " + e.getMessage());
            }
        });
    }

    private int query(AuditClient audit) {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("since", since);
        Optional.ofNullable(until).ifPresent(value -> parameters.put("until", value));
        try {
            if (summary) {
                if (output.equals("json")) {
                    throw new UserError("--summary prints a table; for JSON, GET /audit/summary on --url");
                }
                out.print(DecisionTable.renderSummary(audit.summary(parameters)));
                out.flush();
                return 0;
            }
            Optional.ofNullable(warden).ifPresent(value -> parameters.put("warden", value));
            Optional.ofNullable(capability).ifPresent(value -> parameters.put("capability", value));
            Optional.ofNullable(path).ifPresent(value -> parameters.put("path", value));
            Optional.ofNullable(deny ? "deny" : result).ifPresent(value -> parameters.put("result", value));
            parameters.put("limit", String.valueOf(limit));
            if (output.equals("json")) {
                out.println(audit.decisionsJson(parameters).toPrettyString());
            } else {
                DecisionPage page = audit.decisions(parameters);
                if (page.decisions().isEmpty()) {
                    out.println("No decisions match.");
                } else {
                    out.print(DecisionTable.render(page.decisions(), output.equals("wide")));
                    page.next().ifPresent(next -> out.println("(more: raise --limit or narrow --since)"));
                }
            }
            out.flush();
            return 0;
        } catch (AuditInputException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("the audit API cannot be read: " + e.getMessage());
        }
    }
}
