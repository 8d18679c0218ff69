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
 * {@code data.yaml}/{@code data.yml} at any depth. A symbolic link, an odd file name, a {@code .rego} that is
 * not UTF-8, or a folder over the size limit is refused with the file's name; sizes are checked before reading.
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
                String relative = root.relativize(file).toString();
                String name = relative.replace(file.getFileSystem().getSeparator(), "/");
                if (!isPlainName(relative, file.getFileSystem().getSeparator())) {
                    throw new BundleException(printable(name) + ": a file name with a backslash, a control character or a"
                            + " quote; bundle paths are plain names separated by /");
                }
                byte[] content = BoundedInput.readFile(file, name, BundleArchive.MAX_BYTES - total);
                total += content.length;
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

    /** No backslash (a second separator to OPA), no control character and no quote (they break JSON and logs). */
    private static boolean isPlainName(String relative, String separator) {
        String name = relative.replace(separator, "/");
        return name.chars().noneMatch(c -> c == '\\' || c < 0x20 || c == 0x7f || c == '"');
    }

    /** A name as it may appear in a message: control characters shown as '?', so a file name cannot forge log lines. */
    static String printable(String name) {
        StringBuilder printable = new StringBuilder();
        name.chars().forEach(c -> printable.append(c < 0x20 || c == 0x7f ? '?' : (char) c));
        return printable.toString();
    }

    private static boolean wanted(String name) {
        return name.endsWith(".rego") || name.equals("data.json") || name.equals("data.yaml") || name.equals("data.yml");
    }
}
