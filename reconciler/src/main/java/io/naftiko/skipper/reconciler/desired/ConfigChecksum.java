package io.naftiko.skipper.reconciler.desired;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The checksum on the pod template that rolls the pods when the spec, an import or a bind
 * changes: subPath mounts never refresh in a running pod, so a new pod is the only way.
 */
public final class ConfigChecksum {

    private ConfigChecksum() {
    }

    /**
     * Checksum over the document, the imports and the bind Secrets' digests.
     *
     * @param specText       the document's text
     * @param importContents import name to file text (absent imports are left out)
     * @param bindDigests    Secret name to data digest (absent Secrets are left out)
     */
    public static String of(String specText, Map<String, String> importContents, Map<String, String> bindDigests) {
        MessageDigest sha = sha256();
        update(sha, "spec", specText);
        new TreeMap<>(importContents).forEach((name, text) -> update(sha, "import/" + name, text));
        new TreeMap<>(bindDigests).forEach((name, digest) -> update(sha, "bind/" + name, digest));
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    /** A digest of a Secret's data that reveals nothing of it, for {@link #of}. */
    public static String secretDigest(Map<String, byte[]> data) {
        MessageDigest sha = sha256();
        new TreeMap<>(data).forEach((key, value) -> {
            update(sha, "key", key);
            lengthPrefixed(sha, value);
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String label, String value) {
        // Length-prefixed fields: no two different inputs concatenate to the same bytes.
        lengthPrefixed(sha, label.getBytes(StandardCharsets.UTF_8));
        lengthPrefixed(sha, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void lengthPrefixed(MessageDigest sha, byte[] bytes) {
        sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
