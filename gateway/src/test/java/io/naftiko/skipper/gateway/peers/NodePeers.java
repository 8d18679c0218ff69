package io.naftiko.skipper.gateway.peers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The official TypeScript MCP SDK v2, run by Node.js from {@code src/test/node} (installed by the build from its lock file). */
public final class NodePeers implements AutoCloseable {

    /** Where the peers' scripts and node_modules are. */
    public static final Path FOLDER = Path.of("src/test/node").toAbsolutePath();

    private final List<Process> processes = new ArrayList<>();

    /** Whether the build installed the SDK (it does before the tests: exec-maven-plugin runs npm ci). */
    public static boolean installed() {
        return Files.isDirectory(FOLDER.resolve("node_modules/@modelcontextprotocol/client"));
    }

    /** Starts a stand-in capability serving a document's tools in one era; returns its port. */
    public int engine(Path document, String token, String era) throws IOException {
        Process process = new ProcessBuilder("node", "engine.mjs", "--document", document.toAbsolutePath().toString(), "--token", token,
                "--era", era).directory(FOLDER.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("listening ")) {
                return Integer.parseInt(line.substring("listening ".length()).trim());
            }
        }
        throw new IOException("the stand-in engine exited before listening (exit " + process.exitValue() + ")");
    }

    /** Runs the SDK client once: connect in a mode, list tools, maybe call one; returns the JSON line it printed. */
    public String client(String url, String token, String mode, Path trustedCa, String tool, String argumentsJson)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "client.mjs", "--url", url, "--token", token, "--mode", mode));
        if (tool != null) {
            command.addAll(List.of("--call", tool, "--args", argumentsJson));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(FOLDER.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(Map.of("NODE_EXTRA_CA_CERTS", trustedCa.toAbsolutePath().toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("the SDK client did not finish");
        }
        return output.lines().reduce((first, second) -> second).orElse("");
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
    }
}
