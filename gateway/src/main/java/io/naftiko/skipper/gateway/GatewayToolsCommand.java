package io.naftiko.skipper.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skipper gateway tools}: the inventory a running gateway serves, as a table or JSON. */
@Command(name = "tools",
        mixinStandardHelpOptions = true,
        description = {"Print the tools a running gateway offers and withholds (its GET /inventory).", ""},
        sortOptions = false)
public final class GatewayToolsCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "The gateway, e.g. https://localhost:8443 (kubectl port-forward svc/skipper-gateway 8443 -n skipper).")
    URI url;

    @Option(names = "--token-file", required = true, paramLabel = "FILE", description = "File holding your bearer token.")
    Path tokenFile;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA to trust for the gateway's certificate (default: the JDK's).")
    Path ca;

    @Option(names = {"-o", "--output"}, defaultValue = "table", paramLabel = "FORMAT", description = "table or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!output.equals("table") && !output.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o must be table or json, not " + output);
        }
        PrintWriter out = spec.commandLine().getOut();
        HttpRequest request = HttpRequest.newBuilder(url.resolve("/inventory")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + Files.readString(tokenFile).strip()).GET().build();
        HttpResponse<String> response = WardenClients.http(ca).send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new CommandLine.ExecutionException(spec.commandLine(), "the gateway answered HTTP " + response.statusCode()
                    + (response.statusCode() == 401 ? ": the token was not accepted" : ""));
        }
        JsonNode inventory = Mappers.json().readTree(response.body());
        if (output.equals("json")) {
            out.println(Mappers.json().writerWithDefaultPrettyPrinter().writeValueAsString(inventory));
        } else {
            out.print(table(inventory));
        }
        out.flush();
        return 0;
    }

    /** TOOL, CAPABILITY, NAMESPACE, ENVIRONMENT, HEALTH columns, then why a withheld tool is withheld. */
    public static String table(JsonNode inventory) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TOOL", "CAPABILITY", "NAMESPACE", "ENVIRONMENT", "HEALTH"});
        for (JsonNode tool : inventory.path("tools")) {
            rows.add(new String[] {tool.path("name").asText(), tool.path("capability").asText(), tool.path("namespace").asText(),
                tool.path("environment").asText("-").isEmpty() ? "-" : tool.path("environment").asText(), tool.path("health").asText()});
        }
        int[] widths = new int[5];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                text.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 3) + "s", row[i]));
            }
            text.append('\n');
        }
        for (JsonNode capability : inventory.path("capabilities")) {
            if (capability.has("reason")) {
                text.append(capability.path("namespace").asText()).append('/').append(capability.path("capability").asText())
                        .append(": ").append(capability.path("health").asText()).append(": ").append(capability.path("reason").asText())
                        .append('\n');
            }
        }
        return text.toString();
    }
}
