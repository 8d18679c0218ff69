package io.naftiko.skipper.certs.rotation;

import io.naftiko.skipper.certs.KeyAlgorithm;
import java.time.Duration;

/**
 * How long certificates live and when they are renewed.
 *
 * @param lifetime         validity of a newly issued certificate
 * @param renewAtFraction  fraction of the lifetime after which it is renewed (default 2/3)
 * @param algorithm        key type of new keys
 * @param minimumStrength  weakest acceptable key, in RSA-equivalent bits (see {@link KeyAlgorithm#strength})
 * @param propagation      how long a reissued certificate takes to reach every server that mounts it (kubelet
 *                         sync, file watch); an old CA stays trusted at least that long after the last reissue
 */
public record RotationPolicy(Duration lifetime, double renewAtFraction, KeyAlgorithm algorithm, int minimumStrength,
                             Duration propagation) {

    /** Default propagation delay: a kubelet's Secret sync period plus a server's file poll, with margin. */
    public static final Duration DEFAULT_PROPAGATION = Duration.ofMinutes(3);

    /** The renewal point by default: two thirds of the lifetime. */
    public static final double DEFAULT_RENEW_AT = 2.0 / 3.0;

    /** Leaves: 90 days, renewed at 2/3, ECDSA P-256, at least RSA-2048 strength. */
    public static RotationPolicy leafDefaults() {
        return new RotationPolicy(Duration.ofDays(90), DEFAULT_RENEW_AT, KeyAlgorithm.EC_P256, 2048, DEFAULT_PROPAGATION);
    }

    /** CAs: 5 years, rotated at 2/3, ECDSA P-256, at least RSA-2048 strength. */
    public static RotationPolicy caDefaults() {
        return new RotationPolicy(Duration.ofDays(5 * 365), DEFAULT_RENEW_AT, KeyAlgorithm.EC_P256, 2048, DEFAULT_PROPAGATION);
    }

    /** The same policy with another renewal fraction. */
    public RotationPolicy renewingAt(double fraction) {
        if (fraction <= 0 || fraction >= 1) {
            throw new IllegalArgumentException("the renewal fraction must be between 0 and 1, is " + fraction);
        }
        return new RotationPolicy(lifetime, fraction, algorithm, minimumStrength, propagation);
    }
}
