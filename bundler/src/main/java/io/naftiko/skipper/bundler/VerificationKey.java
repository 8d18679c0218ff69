package io.naftiko.skipper.bundler;

import java.security.PublicKey;
import java.util.Optional;

/**
 * How a bundle is verified: the algorithm is the verifier's, never the token's.
 *
 * @param key       the public key
 * @param algorithm {@code RS256}, {@code PS256} or {@code ES256}
 * @param keyId     the key id the signature must name, when it names one
 * @param scope     the scope the signature must carry, if any
 */
public record VerificationKey(PublicKey key, String algorithm, Optional<String> keyId, Optional<String> scope) {
}
