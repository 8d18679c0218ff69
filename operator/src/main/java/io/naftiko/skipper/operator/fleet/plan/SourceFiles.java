package io.naftiko.skipper.operator.fleet.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The content of a capability's source, byte for byte: its document ({@value #DOCUMENT}) and each import file by its
 * base name, as the source ConfigMap holds them. Its digest names the revision.
 *
 * @param files file name to content, sorted by name
 */
public record SourceFiles(SortedMap<String, String> files) {

    /** Key of the capability document. */
    public static final String DOCUMENT = "capability.yaml";

    /** A copy that cannot change. */
    public SourceFiles {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
    }

    /** The content of these files. */
    public static SourceFiles of(Map<String, String> files) {
        return new SourceFiles(new TreeMap<>(files));
    }

    /** The capability document, if the source has one. */
    public Optional<String> document() {
        return Optional.ofNullable(files.get(DOCUMENT));
    }

    /**
     * {@code sha256:} and the hex SHA-256 of every file in name order, each as its name's and its content's UTF-8
     * length, a colon and the bytes: unambiguous, so two different sources never share a digest by framing.
     */
    public String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            frame(sha, file.getKey().getBytes(StandardCharsets.UTF_8));
            frame(sha, file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static void frame(MessageDigest sha, byte[] bytes) {
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
    }
}
