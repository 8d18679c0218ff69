package io.naftiko.skipper.bundler;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sources of one bundle at one moment: from a folder or from labelled ConfigMaps.
 *
 * @param name        the bundle's name
 * @param files       path to content
 * @param roots       the bundle's roots
 * @param contentTime when the content last changed, used as the signature's {@code iat} so that every
 *                    replica building the same content produces the same bytes and ETag
 */
public record BundleSnapshot(String name, Map<String, byte[]> files, List<String> roots, Instant contentTime) {
}
