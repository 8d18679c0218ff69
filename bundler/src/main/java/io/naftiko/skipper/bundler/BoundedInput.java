package io.naftiko.skipper.bundler;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one bounded reader of bundle sources and archives: a file's size is checked before a byte of it is read (a
 * sparse 1 GiB {@code data.json} costs nothing), links are refused by name, and a stream stops at a byte budget
 * (an archive that expands without end, or a tar header that claims a 1 GiB name, fails fast with a short message).
 */
public final class BoundedInput {

    private BoundedInput() {
    }

    /**
     * Reads a plain file of a policy folder, refusing what it must not read.
     *
     * @param file      the file
     * @param name      its name in messages (relative to the folder)
     * @param remaining how many bytes may still be read for this bundle
     */
    public static byte[] readFile(Path file, String name, long remaining) throws BundleException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new BundleException(name + ": cannot read: " + e.getClass().getSimpleName(), e);
        }
        if (attributes.isSymbolicLink()) {
            throw new BundleException(name + ": a symbolic link; a policy folder holds plain files only");
        }
        if (!attributes.isRegularFile()) {
            throw new BundleException(name + ": not a plain file");
        }
        if (attributes.size() > remaining) {
            throw new BundleException(name + ": " + attributes.size() + " bytes; the policy folder may hold "
                    + BundleArchive.MAX_BYTES / (1024 * 1024) + " MiB in all");
        }
        try (InputStream in = limited(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), remaining)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BundleException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** What a {@link #limited} stream throws once its budget is spent, so a caller can tell it from a broken stream. */
    public static final class LimitExceeded extends IOException {

        private static final long serialVersionUID = 1L;

        /** The budget, in bytes. */
        private final long budget;

        LimitExceeded(long budget) {
            super("more than " + budget / (1024 * 1024) + " MiB");
            this.budget = budget;
        }

        /** The budget that was spent, in bytes. */
        public long budget() {
            return budget;
        }
    }

    /** A stream that fails with {@link LimitExceeded} once more than {@code budget} bytes were read through it. */
    public static InputStream limited(InputStream in, long budget) {
        return new FilterInputStream(in) {
            private long left = budget;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    spend(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    spend(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                spend(skipped);
                return skipped;
            }

            private void spend(long n) throws IOException {
                left -= n;
                if (left < 0) {
                    throw new LimitExceeded(budget);
                }
            }
        };
    }
}
