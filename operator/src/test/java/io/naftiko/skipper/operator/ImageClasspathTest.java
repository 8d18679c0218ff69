package io.naftiko.skipper.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What the container image runs is this module's runtime classpath (Jib takes exactly that): it must hold no
 * demo, no in-memory API server and no mock web server, by artifact or by class.
 */
class ImageClasspathTest {

    /** Kotlin's standard library stays: Javalin, the HTTP server, is written in Kotlin. */
    static final List<String> FORBIDDEN_PACKAGES = List.of("io/fabric8/mockwebserver/", "io/fabric8/kubernetes/client/server/mock/",
            "io/naftiko/skipper/demo/", "io/naftiko/skipper/testkit/", "io/naftiko/skipper/cli/", "okhttp3/");

    @Test
    void theOperatorsRuntimeClasspathHasNoDemoAndNoMockServer() throws IOException {
        Path listing = Path.of("target", "image-classpath.txt");
        assertThat(listing).as("written by maven-dependency-plugin at generate-test-resources").exists();
        List<String> entries = List.of(Files.readString(listing, StandardCharsets.UTF_8).strip().split(File.pathSeparator));

        assertThat(entries).as("the operator needs the Kubernetes client").anyMatch(e -> e.contains("kubernetes-client"));
        assertThat(entries).noneMatch(e -> e.contains("kubernetes-server-mock") || e.contains("mockwebserver")
                || e.contains("skipper-demo") || e.contains("skipper-testkit") || e.contains("skipper-cli")
                || e.contains(File.separator + "demo" + File.separator) || e.contains(File.separator + "testkit" + File.separator));
        List<String> forbidden = new ArrayList<>();
        for (String entry : entries) {
            forbidden.addAll(forbiddenClasses(Path.of(entry)));
        }
        assertThat(forbidden).isEmpty();
    }

    private static List<String> forbiddenClasses(Path entry) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(entry)) {
            try (Stream<Path> walk = Files.walk(entry)) {
                walk.map(path -> entry.relativize(path).toString().replace(File.separatorChar, '/')).forEach(names::add);
            }
        } else if (entry.toString().endsWith(".jar")) {
            try (ZipFile jar = new ZipFile(entry.toFile())) {
                jar.stream().forEach(e -> names.add(e.getName()));
            }
        }
        return names.stream().filter(name -> FORBIDDEN_PACKAGES.stream().anyMatch(name::startsWith)).map(name -> entry + "!" + name)
                .toList();
    }
}
