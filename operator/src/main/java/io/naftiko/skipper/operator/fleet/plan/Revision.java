package io.naftiko.skipper.operator.fleet.plan;

import java.time.Instant;

/**
 * One distinct content of a capability's source, as the cluster records it (an immutable ControllerRevision).
 *
 * @param capability the fleet capability it is a revision of
 * @param number     1, 2, … in the order first seen
 * @param digest     {@code sha256:…} of its files ({@link SourceFiles#digest()})
 * @param files      its content
 * @param firstSeen  when the fleet controller first saw it
 */
public record Revision(String capability, long number, String digest, SourceFiles files, Instant firstSeen) {

    /** The digest's hex, without {@code sha256:}. */
    public String hex() {
        return hex(digest);
    }

    /** The hex of a {@code sha256:…} digest. */
    public static String hex(String digest) {
        return digest.startsWith("sha256:") ? digest.substring("sha256:".length()) : digest;
    }
}
