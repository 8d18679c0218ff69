package io.naftiko.skipper.bundler;

import java.security.Key;
import java.security.PrivateKey;
import java.util.Optional;

/**
 * How a bundle is signed.
 *
 * @param key       the private key
 * @param algorithm {@code RS256} (default), {@code PS256} or {@code ES256}
 * @param keyId     put in the JWS header as {@code kid}
 * @param scope     put in the payload as {@code scope}, if any
 */
public record SigningKey(PrivateKey key, String algorithm, String keyId, Optional<String> scope) {

    /** The algorithm a key signs with when none is named: ES256 for an EC key, RS256 otherwise. */
    public static String defaultAlgorithm(Key key) {
        return key.getAlgorithm().equals("EC") ? "ES256" : "RS256";
    }
}
