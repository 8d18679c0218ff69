package io.naftiko.skipper.reconciler.render;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.naftiko.skipper.api.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ConfigMaps a kustomization's {@code configMapGenerator} makes, read offline as {@code kustomize build} would
 * generate them: {@code files} as {@code key=path} or {@code path} (keyed by base name), {@code literals} as
 * {@code key=value}, the generator's {@code namespace}, and kustomize's default rule that no file lies outside the
 * kustomization's folder. Name suffix hashes are not added (the fleet sample disables them: the Fleet names its
 * sources).
 */
public final class KustomizeConfigMaps {

    /** The names kustomize looks for in a folder. */
    public static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    /** Largest file read: a ConfigMap holds at most 1 MiB. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private KustomizeConfigMaps() {
    }

    /** The kustomization file in {@code folder}, if it has one. */
    public static Optional<Path> in(Path folder) {
        return FILE_NAMES.stream().map(folder::resolve).filter(Files::isRegularFile).findFirst();
    }

    /** The generated ConfigMaps by name, in the generator's order. */
    public static Map<String, ConfigMap> generate(Path kustomization) {
        Path root = kustomization.toAbsolutePath().getParent().normalize();
        JsonNode tree;
        try {
            tree = Mappers.yaml().readTree(read(kustomization));
        } catch (IOException e) {
            throw new SourceException(kustomization + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        Map<String, ConfigMap> configMaps = new LinkedHashMap<>();
        JsonNode generators = tree == null ? Mappers.json().missingNode() : tree.path("configMapGenerator");
        for (int i = 0; i < generators.size(); i++) {
            JsonNode generator = generators.get(i);
            String at = kustomization.getFileName() + ": configMapGenerator[" + i + "]";
            Map<String, String> data = new LinkedHashMap<>();
            JsonNode files = generator.path("files");
            for (int f = 0; f < files.size(); f++) {
                String entry = files.get(f).asText();
                int equals = entry.indexOf('=');
                String relative = equals < 0 ? entry : entry.substring(equals + 1);
                Path file = root.resolve(relative).normalize();
                if (!file.startsWith(root)) {
                    throw new SourceException(at + ".files[" + f + "]: " + relative + " is outside the kustomization's folder"
                            + " (kustomize refuses it)");
                }
                data.put(equals < 0 ? file.getFileName().toString() : entry.substring(0, equals), read(file));
            }
            for (JsonNode literal : generator.path("literals")) {
                String[] pair = literal.asText().split("=", 2);
                data.put(pair[0], pair.length == 2 ? pair[1] : "");
            }
            String name = generator.path("name").asText();
            configMaps.put(name, new ConfigMapBuilder().withNewMetadata().withName(name)
                    .withNamespace(generator.hasNonNull("namespace") ? generator.path("namespace").asText() : null).endMetadata()
                    .withData(data).build());
        }
        return configMaps;
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new SourceException(file + ": larger than 1 MiB, more than a ConfigMap holds");
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SourceException(file + ": no such file", e);
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
