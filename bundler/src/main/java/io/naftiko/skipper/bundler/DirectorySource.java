package io.naftiko.skipper.bundler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A policy folder as bundle files: every {@code .rego} file and every {@code data.json} and
 * {@code data.yaml}/{@code data.yml} at any depth. A link that leaves the folder, a {@code .rego} that is
 * not UTF-8, or a folder over the size limit is refused with the file's name.
 */
public final class DirectorySource {

    private DirectorySource() {
    }

    /** The bundle files of a folder, by path relative to it. */
    public static Map<String, byte[]> read(Path folder) throws BundleException {
        if (!Files.isDirectory(folder)) {
            throw new BundleException(folder + ": not a folder");
        }
        Path root;
        try {
            root = folder.toRealPath();
        } catch (IOException e) {
            throw new BundleException(folder + ": cannot read: " + e.getMessage(), e);
        }
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.sorted().toList()) {
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) || !wanted(file.getFileName().toString())) {
                    continue;
                }
                Path real = file.toRealPath();
                String name = root.relativize(file).toString().replace('\\', '/');
                if (!real.startsWith(root)) {
                    throw new BundleException(name + ": a link leaving the policy folder (to " + real + ")");
                }
                byte[] content = Files.readAllBytes(real);
                total += content.length;
                if (total > BundleArchive.MAX_BYTES) {
                    throw new BundleException(name + ": the policy folder exceeds " + BundleArchive.MAX_BYTES / (1024 * 1024) + " MiB");
                }
                files.put(name, content);
            }
        } catch (IOException e) {
            throw new BundleException(folder + ": cannot read: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new BundleException(folder + ": no .rego or data file");
        }
        return files;
    }

    /**
     * A folder as one bundle's sources; the content time is the newest file's modification time (whole
     * seconds), so that two servers reading the same files sign the same bytes.
     */
    public static BundleSnapshot snapshot(String name, Path folder) throws BundleException {
        Map<String, byte[]> files = read(folder);
        Instant newest = Instant.EPOCH;
        for (String path : files.keySet()) {
            try {
                Instant modified = Files.getLastModifiedTime(folder.resolve(path)).toInstant().truncatedTo(ChronoUnit.SECONDS);
                newest = modified.isAfter(newest) ? modified : newest;
            } catch (IOException e) {
                throw new BundleException(path + ": cannot read: " + e.getMessage(), e);
            }
        }
        return new BundleSnapshot(name, files, roots(files), newest);
    }

    /** The bundle's roots: the first folder of every file, or the whole tree when a file sits at the top. */
    public static List<String> roots(Map<String, byte[]> files) {
        TreeSet<String> roots = new TreeSet<>();
        for (String path : files.keySet()) {
            int slash = path.indexOf('/');
            if (slash < 0) {
                return List.of("");
            }
            roots.add(path.substring(0, slash));
        }
        return new ArrayList<>(roots);
    }

    private static boolean wanted(String name) {
        return name.endsWith(".rego") || name.equals("data.json") || name.equals("data.yaml") || name.equals("data.yml");
    }
}
