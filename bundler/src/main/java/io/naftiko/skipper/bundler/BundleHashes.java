package io.naftiko.skipper.bundler;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File hashes as OPA computes them for signatures: {@code data.json}, {@code data.yaml},
 * {@code data.yml} and {@code .manifest} over their canonical JSON form; every other file over its bytes.
 */
public final class BundleHashes {

    /** The only algorithm OPA bundles use. */
    public static final String ALGORITHM = "SHA-256";

    private BundleHashes() {
    }

    /** The lower-case hex SHA-256 of a bundle file. */
    public static String hash(String path, byte[] content) throws BundleException {
        String base = path.substring(path.lastIndexOf('/') + 1);
        byte[] hashed;
        try {
            hashed = switch (base) {
                case "data.json", ".manifest" -> OpaCanonicalJson.ofJson(content);
                case "data.yaml", "data.yml" -> OpaCanonicalJson.ofYaml(content);
                default -> content;
            };
        } catch (IOException e) {
            throw new BundleException(path + ": not valid " + (base.startsWith("data.y") ? "YAML" : "JSON") + ": "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return sha256Hex(hashed);
    }

    /** The lower-case hex SHA-256 of bytes. */
    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
