package dev.concord.models.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Byte-range splitting of a text file into {@code parts} line-aligned parts. Part {@code p}'s
 * nominal offset is {@code p * size / parts}; part 0 starts at 0 and part {@code p > 0} starts just
 * after the first {@code '\n'} at or after its nominal offset (at the end of the file if there is
 * none). Part {@code p} ends where part {@code p + 1} starts, so every line belongs to exactly one
 * part, and a part may be empty. With a {@link LineKey}, a part's start moves further, past every
 * line whose key equals that of the line before it, so that a group of lines (a document) belongs
 * to the part where it begins.
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

    /** Aligned start of part {@code p}, moved past lines continuing the previous line's group. */
    public static long partStart(FileChannel ch, long fileSize, int p, int parts, LineKey key) throws IOException {
        long start = partStart(ch, fileSize, p, parts);
        if (key == null || start == 0 || start >= fileSize) {
            return start;
        }
        long group = key(ch, lineStartBefore(ch, start - 1), start - 1, key);
        while (start < fileSize) {
            long nl = nextNewline(ch, start, fileSize);
            long end = nl < 0 ? fileSize : nl;
            if (key(ch, start, end, key) != group) {
                break;
            }
            start = nl < 0 ? fileSize : nl + 1;
        }
        return start;
    }

    /** Start of the line whose terminator is at {@code newline}. */
    private static long lineStartBefore(FileChannel ch, long newline) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long end = newline;
        while (end > 0) {
            long from = Math.max(0, end - CHUNK);
            buf.clear().limit((int) (end - from));
            ch.read(buf, from);
            for (int i = (int) (end - from) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }

    private static long key(FileChannel ch, long from, long to, LineKey key) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(to - from, 1 << 20));
        ch.read(buf, from);
        String line = new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.ISO_8859_1);
        return key.of(line, 0, line.length());
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
