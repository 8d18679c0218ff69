package io.naftiko.skipper.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.naftiko.skipper.api.Mappers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One in-process run of the {@code skipper} command line, with what it printed.
 *
 * @param exitCode the exit code
 * @param out      stdout
 * @param err      stderr
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code skipper ARGS} with an environment. */
    public static CliRun of(Map<String, String> environment, String... args) {
        return withInput("", environment, args);
    }

    /** Runs {@code skipper ARGS} with {@code stdin} as standard input. */
    public static CliRun withInput(String stdin, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Skipper.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintWriter(out),
                new PrintWriter(err), environment);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code skipper ARGS} with an empty environment. */
    public static CliRun of(String... args) {
        return of(Map.of(), args);
    }

    /** stdout read as a YAML stream of objects. */
    public List<JsonNode> objects() {
        List<JsonNode> objects = new ArrayList<>();
        try (JsonParser parser = Mappers.yaml().createParser(out)) {
            for (JsonNode node = Mappers.yaml().readTree(parser); node != null; node = Mappers.yaml().readTree(parser)) {
                objects.add(node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    /** The one object of a kind and name in stdout. */
    public JsonNode object(String kind, String name) {
        return objects().stream()
                .filter(o -> kind.equals(o.path("kind").asText()) && name.equals(o.at("/metadata/name").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in:\n" + out));
    }
}
