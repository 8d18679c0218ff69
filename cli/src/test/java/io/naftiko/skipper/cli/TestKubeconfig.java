package io.naftiko.skipper.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for tests: contexts {@code elsewhere} (namespace default, current) and {@code team} (namespace shipyard). */
public final class TestKubeconfig {

    private TestKubeconfig() {
    }

    /** Writes it into {@code dir}, every context on the API server at {@code server}. */
    public static Path write(Path dir, String server) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                current-context: elsewhere
                clusters:
                - name: local
                  cluster: {server: "%s", insecure-skip-tls-verify: true}
                contexts:
                - name: elsewhere
                  context: {cluster: local, user: me, namespace: default}
                - name: team
                  context: {cluster: local, user: me, namespace: shipyard}
                users:
                - name: me
                  user: {token: not-a-real-token}
                """.formatted(server));
    }
}
