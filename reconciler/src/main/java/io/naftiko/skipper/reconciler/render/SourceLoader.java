package io.naftiko.skipper.reconciler.render;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.naftiko.skipper.api.Mappers;
import io.naftiko.skipper.api.ikanos.DocumentException;
import io.naftiko.skipper.api.ikanos.IkanosDocument;
import io.naftiko.skipper.api.ikanos.Import;
import io.naftiko.skipper.api.v1alpha3.Capability;
import io.naftiko.skipper.api.v1alpha3.CapabilityClass;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads what {@code render -f} names: a file or a folder of {@code .yaml}/{@code .yml} files, each
 * either a plain ikanos document or a stream of resources (Capability, ConfigMap, CapabilityClass).
 * The I/O shell of rendering; everything after it is pure.
 */
public final class SourceLoader {

    /** Largest file read: the API server would not store a larger object anyway. */
    static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private final List<RenderInputs.PlainDocument> documents = new ArrayList<>();
    private final List<RenderInputs.CapabilityResource> capabilities = new ArrayList<>();
    private final List<ConfigMap> configMaps = new ArrayList<>();
    private final List<CapabilityClass> classes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** The path that stands for standard input, as kubectl's {@code -f -}. */
    public static final Path STDIN = Path.of("-");

    /** Loads every path; a folder contributes the files directly in it that hold capabilities or resources. */
    public static SourceLoader load(List<Path> paths, Optional<String> name) {
        return load(paths, name, InputStream.nullInputStream());
    }

    /**
     * Loads every path, {@link #STDIN} from {@code stdin} (a plain document read from it is named {@code stdin}
     * unless {@code name} says otherwise; its imports are looked up in the working directory).
     */
    public static SourceLoader load(List<Path> paths, Optional<String> name, InputStream stdin) {
        SourceLoader loader = new SourceLoader();
        for (Path path : paths) {
            if (path.equals(STDIN)) {
                loader.loadText(Path.of("stdin.yaml"), readBounded(stdin), true);
            } else if (Files.isDirectory(path)) {
                List<Path> files = yamlFilesIn(path);
                if (files.isEmpty()) {
                    throw new SourceException(path + ": no .yaml or .yml files in this folder");
                }
                files.forEach(file -> loader.loadFile(file, false));
            } else {
                loader.loadFile(path, true);
            }
        }
        if (loader.documents.isEmpty() && loader.capabilities.isEmpty()) {
            throw new SourceException("no capability found in " + paths.stream().map(Path::toString).toList());
        }
        if (name.isPresent()) {
            if (loader.documents.size() != 1 || !loader.capabilities.isEmpty()) {
                throw new SourceException("--name names one plain ikanos document, but "
                        + (loader.documents.size() + loader.capabilities.size()) + " capabilities were given");
            }
            RenderInputs.PlainDocument only = loader.documents.get(0);
            loader.documents.set(0, new RenderInputs.PlainDocument(only.source(), name.get(), only.document(), only.imports()));
        }
        return loader;
    }

    /** Loads the CapabilityClass resources of a folder (for --classes). */
    public static List<CapabilityClass> loadClasses(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new SourceException(folder + ": --classes needs a folder of CapabilityClass files");
        }
        SourceLoader loader = new SourceLoader();
        yamlFilesIn(folder).forEach(file -> loader.loadFile(file, false));
        if (loader.classes.isEmpty()) {
            throw new SourceException(folder + ": no CapabilityClass found in this folder");
        }
        return loader.classes;
    }

    /** What was read. */
    public RenderInputs inputs() {
        return new RenderInputs(List.copyOf(documents), List.copyOf(capabilities), List.copyOf(configMaps), List.copyOf(classes));
    }

    /** Files passed over, for --verbose. */
    public List<String> notes() {
        return notes;
    }

    private void loadFile(Path file, boolean named) {
        loadText(file, read(file), named);
    }

    private void loadText(Path file, String text, boolean named) {
        List<JsonNode> nodes = parseAll(file, text);
        boolean resources = !nodes.isEmpty() && nodes.stream().allMatch(n -> n.has("apiVersion") && n.has("kind"));
        if (resources) {
            nodes.forEach(node -> loadResource(file, node));
            return;
        }
        IkanosDocument document;
        try {
            document = IkanosDocument.parse(text);
        } catch (DocumentException e) {
            throw new SourceException(file + ": " + e.getMessage(), e);
        }
        if (!document.isCapability()) {
            if (named) {
                throw new SourceException(file + ": not an ikanos capability document (it has no 'capability' mapping)"
                        + " and not a Capability resource");
            }
            notes.add(file + ": skipped, not a capability");
            return;
        }
        documents.add(new RenderInputs.PlainDocument(file.toString(), nameFor(file), document, imports(file, document)));
    }

    private void loadResource(Path file, JsonNode node) {
        String kind = node.path("kind").asText();
        try {
            switch (kind) {
                case "Capability" -> capabilities.add(new RenderInputs.CapabilityResource(file.toString(),
                        Mappers.json().treeToValue(node, Capability.class)));
                case "ConfigMap" -> configMaps.add(Mappers.json().treeToValue(node, ConfigMap.class));
                case "CapabilityClass" -> classes.add(Mappers.json().treeToValue(node, CapabilityClass.class));
                default -> notes.add(file + ": skipped a " + kind + ", which render does not use");
            }
        } catch (JacksonException e) {
            throw new SourceException(file + ": this " + kind + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, String> imports(Path file, IkanosDocument document) {
        Map<String, String> imports = new LinkedHashMap<>();
        Path folder = file.toAbsolutePath().getParent();
        for (Import imp : document.imports()) {
            imp.relativePath().ifPresent(relative -> {
                Path imported = folder.resolve(relative);
                if (Files.isRegularFile(imported)) {
                    imports.put(relative, read(imported));
                }
            });
        }
        return imports;
    }

    /** The Capability name a file gives: its base name without {@code .yaml}, {@code .yml} or {@code .ikanos}, made DNS-safe. */
    public static String nameFor(Path file) {
        String base = file.getFileName().toString().replaceAll("(?i)\\.ya?ml$", "").replaceAll("(?i)\\.ikanos$", "");
        String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }

    private static List<Path> yamlFilesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("(?i).+\\.ya?ml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new SourceException(folder + ": cannot list the folder: " + e.getMessage(), e);
        }
    }

    private static List<JsonNode> parseAll(Path file, String text) {
        List<JsonNode> nodes = new ArrayList<>();
        try (JsonParser parser = Mappers.yaml().createParser(text)) {
            for (JsonNode node = Mappers.yaml().readTree(parser); node != null; node = Mappers.yaml().readTree(parser)) {
                if (node.isObject()) {
                    nodes.add(node);
                }
            }
        } catch (IOException e) {
            // Reported with its position by IkanosDocument.parse, which reads the same text next.
            return List.of();
        }
        return nodes;
    }

    private static String readBounded(InputStream stdin) {
        try {
            byte[] bytes = stdin.readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new SourceException("standard input: larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            if (bytes.length == 0) {
                throw new SourceException("standard input: empty (-f - reads the documents from it)");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SourceException("standard input: not UTF-8 text", e);
        } catch (IOException e) {
            throw new SourceException("standard input: cannot read: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new SourceException(file + ": larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB");
            }
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new SourceException(file + ": no such file or folder", e);
        } catch (CharacterCodingException e) {
            throw new SourceException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
