package io.naftiko.skipper.bundler;

import java.time.Instant;

/**
 * A built, signed bundle as it is served.
 *
 * @param name     the bundle's name ({@code GET /bundles/{name}})
 * @param revision the manifest's revision
 * @param etag     a strong entity tag over the bytes, quoted
 * @param bytes    the {@code tar.gz}
 * @param keyId    the id of the key that signed it
 * @param builtAt  when this revision was built
 */
public record ServedBundle(String name, String revision, String etag, byte[] bytes, String keyId, Instant builtAt) {
}
