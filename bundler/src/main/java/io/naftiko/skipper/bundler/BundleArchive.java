package io.naftiko.skipper.bundler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** The files of a bundle's {@code tar.gz}, by path without the leading {@code /}, bounded in size. */
public final class BundleArchive {

    /** Largest bundle accepted, compressed or not. */
    public static final long MAX_BYTES = 64L * 1024 * 1024;
    /** Longest entry name: OPA bundle paths are short; PATH_MAX is 4096. */
    public static final int MAX_NAME_LENGTH = 4096;
    /** Room for tar headers on top of the files' bytes. */
    private static final long MAX_HEADER_BYTES = 16L * 1024 * 1024;

    private BundleArchive() {
    }

    /** Reads every regular file of a {@code tar.gz}. */
    public static Map<String, byte[]> read(byte[] tarGz) throws BundleException {
        if (tarGz.length > MAX_BYTES) {
            throw new BundleException("the bundle is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        // Everything expanded, headers and long names included, counts against the budget: a tar header that claims
        // a 1 GiB name fails after 64 MiB of inflating, not after 1 GiB of memory.
        try (TarArchiveInputStream tar = new TarArchiveInputStream(BoundedInput.limited(
                new GZIPInputStream(new ByteArrayInputStream(tarGz)), MAX_BYTES + MAX_HEADER_BYTES))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().length() > MAX_NAME_LENGTH) {
                    throw new BundleException("an entry name of " + entry.getName().length() + " characters; at most "
                            + MAX_NAME_LENGTH + " are accepted");
                }
                if (!entry.isFile()) {
                    continue;
                }
                String path = entry.getName().replaceFirst("^/+", "");
                if (path.contains("..") || path.isEmpty()) {
                    throw new BundleException(entry.getName() + ": not a path inside the bundle");
                }
                total += entry.getSize();
                if (total > MAX_BYTES) {
                    throw new BundleException("the bundle unpacks to more than " + MAX_BYTES / (1024 * 1024) + " MiB");
                }
                if (files.put(path, tar.readAllBytes()) != null) {
                    throw new BundleException(path + ": appears twice in the bundle");
                }
            }
        } catch (IOException | RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            throw new BundleException("not a readable tar.gz bundle: " + (message.length() > 200 ? message.substring(0, 200) + "…"
                    : message), e);
        }
        return files;
    }
}
