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

    private BundleArchive() {
    }

    /** Reads every regular file of a {@code tar.gz}. */
    public static Map<String, byte[]> read(byte[] tarGz) throws BundleException {
        if (tarGz.length > MAX_BYTES) {
            throw new BundleException("the bundle is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(tarGz)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
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
        } catch (IOException e) {
            throw new BundleException("not a readable tar.gz bundle: " + e.getMessage(), e);
        }
        return files;
    }
}
