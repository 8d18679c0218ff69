package io.naftiko.skipper.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of {@code deploy/} that the demo installs (CRDs, webhook configurations, samples), as packaged in
 * the jar: copied to a temporary folder so that the same file readers as {@code render} can load them.
 */
final class DeployFiles {

    private static final String ROOT = "/io/naftiko/skipper/demo/deploy";

    private DeployFiles() {
    }

    /** A fresh folder holding {@code crds/}, {@code webhook/} and {@code samples/}. */
    static Path extract() throws IOException {
        URL marker = DeployFiles.class.getResource(ROOT + "/crds/capabilities.naftiko.io.yaml");
        if (marker == null) {
            throw new IllegalStateException("the deploy files are not packaged with this build");
        }
        Path target = Files.createTempDirectory("skipper-demo-");
        URI uri;
        try {
            uri = marker.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (uri.getScheme().equals("jar")) {
            FileSystem jar;
            try {
                jar = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                jar = FileSystems.newFileSystem(uri, Map.of());
            }
            copy(jar.getPath(ROOT), target);
        } else {
            copy(Path.of(uri).getParent().getParent(), target);
        }
        return target;
    }

    private static void copy(Path source, Path target) throws IOException {
        try (Stream<Path> walk = Files.walk(source)) {
            walk.forEach(path -> {
                Path destination = target.resolve(source.relativize(path).toString());
                try {
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.copy(path, destination);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
