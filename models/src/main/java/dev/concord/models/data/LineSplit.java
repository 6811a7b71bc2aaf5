package dev.concord.models.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Byte-range splitting of a text file into {@code parts} line-aligned parts. Part {@code p}'s
 * nominal offset is {@code p * size / parts}; part 0 starts at 0 and part {@code p > 0} starts just
 * after the first {@code '\n'} at or after its nominal offset (at the end of the file if there is
 * none). Part {@code p} ends where part {@code p + 1} starts, so every line belongs to exactly one
 * part, and a part may be empty.
 */
public final class LineSplit {
    private static final int CHUNK = 64 * 1024;

    private LineSplit() {
    }

    /** Nominal (unaligned) offset of part {@code p}. */
    public static long nominalOffset(long fileSize, int p, int parts) {
        if (parts < 1 || p < 0 || p > parts) {
            throw new IllegalArgumentException("part " + p + " of " + parts);
        }
        // floor(fileSize * p / parts) without overflowing for any file size
        return fileSize / parts * p + fileSize % parts * p / parts;
    }

    /** Aligned start of part {@code p} ({@code p == parts} gives the file size). */
    public static long partStart(FileChannel ch, long fileSize, int p, int parts) throws IOException {
        if (p == 0) {
            return 0;
        }
        if (p == parts) {
            return fileSize;
        }
        long nl = nextNewline(ch, nominalOffset(fileSize, p, parts), fileSize);
        return nl < 0 ? fileSize : nl + 1;
    }

    /** Position of the first {@code '\n'} at or after {@code from}, or -1. */
    static long nextNewline(FileChannel ch, long from, long fileSize) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = from;
        while (pos < fileSize) {
            buf.clear();
            int n = ch.read(buf, pos);
            if (n <= 0) {
                return -1;
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return pos + i;
                }
            }
            pos += n;
        }
        return -1;
    }
}
