package io.naftiko.skipper.reconciler.controller;

import io.fabric8.kubernetes.api.model.Secret;
import io.naftiko.skipper.reconciler.desired.ConfigChecksum;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a reconcile needs of a bind Secret: the names of its keys and a digest of its data, never the data, so that
 * this is all a cache of it ever holds.
 *
 * @param keys   its keys
 * @param digest {@link ConfigChecksum#secretDigest} of its data
 */
public record SecretFacts(Set<String> keys, String digest) {

    /** The facts of a Secret as the API serves it ({@code stringData} is write-only: what is read is {@code data}). */
    public static SecretFacts of(Secret secret) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value)));
        }
        return new SecretFacts(Set.copyOf(data.keySet()), ConfigChecksum.secretDigest(data));
    }
}
