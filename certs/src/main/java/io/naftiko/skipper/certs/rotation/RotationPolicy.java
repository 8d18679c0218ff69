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
 */
public record RotationPolicy(Duration lifetime, double renewAtFraction, KeyAlgorithm algorithm, int minimumStrength) {

    /** The renewal point by default: two thirds of the lifetime. */
    public static final double DEFAULT_RENEW_AT = 2.0 / 3.0;

    /** Leaves: 90 days, renewed at 2/3, ECDSA P-256, at least RSA-2048 strength. */
    public static RotationPolicy leafDefaults() {
        return new RotationPolicy(Duration.ofDays(90), DEFAULT_RENEW_AT, KeyAlgorithm.EC_P256, 2048);
    }

    /** CAs: 5 years, rotated at 2/3, ECDSA P-256, at least RSA-2048 strength. */
    public static RotationPolicy caDefaults() {
        return new RotationPolicy(Duration.ofDays(5 * 365), DEFAULT_RENEW_AT, KeyAlgorithm.EC_P256, 2048);
    }

    /** The same policy with another renewal fraction. */
    public RotationPolicy renewingAt(double fraction) {
        if (fraction <= 0 || fraction >= 1) {
            throw new IllegalArgumentException("the renewal fraction must be between 0 and 1, is " + fraction);
        }
        return new RotationPolicy(lifetime, fraction, algorithm, minimumStrength);
    }
}
