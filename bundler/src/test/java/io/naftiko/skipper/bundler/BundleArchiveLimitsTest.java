package io.naftiko.skipper.bundler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Hostile archives are refused fast, in little memory, with a short message. */
class BundleArchiveLimitsTest {

    /** A tar header block (512 bytes) as GNU tar writes it, with a size field in octal. */
    static byte[] header(String name, char type, long size) {
        byte[] block = new byte[512];
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(nameBytes, 0, block, 0, nameBytes.length);
        put(block, 100, "0000644");
        put(block, 108, "0000000");
        put(block, 116, "0000000");
        put(block, 124, String.format("%011o", size));
        put(block, 136, "00000000000");
        block[156] = (byte) type;
        put(block, 257, "ustar  ");
        for (int i = 148; i < 156; i++) {
            block[i] = ' ';
        }
        long sum = 0;
        for (byte b : block) {
            sum += b & 0xff;
        }
        put(block, 148, String.format("%06o", sum));
        block[154] = 0;
        return block;
    }

    static void put(byte[] block, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, block, offset, bytes.length);
    }

    @Test
    void aLongNameEntryClaimingAGibibyteIsRefusedQuicklyWithAShortMessage() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(header("././@LongLink", 'L', 1L << 30));
            byte[] zeros = new byte[1 << 20];
            // 100 MiB of the claimed name is enough: the reader must give up long before.
            for (int i = 0; i < 100; i++) {
                gzip.write(zeros);
            }
        }
        byte[] bomb = compressed.toByteArray();
        assertThat(bomb.length).isLessThan(1024 * 1024);

        long started = System.nanoTime();
        assertThatThrownBy(() -> BundleArchive.read(bomb)).isInstanceOf(BundleException.class)
                .hasMessageStartingWith("not a readable tar.gz bundle: ")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        long millis = (System.nanoTime() - started) / 1_000_000;
        // Reported, not asserted: a loaded machine is slower, never wrong.
        System.out.println("tar bomb refused in " + millis + " ms");
        assertThatThrownBy(() -> BundleArchive.read(bomb)).hasMessageContaining("more than 80 MiB");
    }
}
