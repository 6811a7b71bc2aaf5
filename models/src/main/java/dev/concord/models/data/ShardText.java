package dev.concord.models.data;

import dev.concord.collectives.Collectives;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * This rank's lines of a text file: for a plain file the bytes of its {@link LineSplit} part, for
 * a {@code .gz} file (which cannot be split by bytes) the whole file is decompressed and the rank
 * keeps lines {@code [r*L/size, (r+1)*L/size)}. One allgather of line counts gives the global
 * number of the first line, so errors can name lines. Collective: every rank must call it.
 */
public final class ShardText {
    private final String file;
    private final String text;
    private final long firstLine;
    private final int lines;

    private ShardText(String file, String text, long firstLine, int lines) {
        this.file = file;
        this.text = text;
        this.firstLine = firstLine;
        this.lines = lines;
    }

    /** The file name used in error messages. */
    public String file() {
        return file;
    }

    /** The part's text, whole lines (the last one may lack its {@code '\n'}). */
    public String text() {
        return text;
    }

    /** 1-based number in the file of the part's first line. */
    public long firstLine() {
        return firstLine;
    }

    /** Number of lines in the part. */
    public int lines() {
        return lines;
    }

    /** Reads this rank's part of {@code path}. */
    public static ShardText read(Path path, Collectives coll) {
        return read(path, coll, null);
    }

    /** Reads this rank's part of {@code path}, never splitting a group of lines with equal {@code key}. */
    public static ShardText read(Path path, Collectives coll, LineKey key) {
        int rank = coll.communicator().rank();
        int size = coll.communicator().size();
        String name = path.toString();
        InputFile.check(path);
        try {
            if (name.endsWith(".gz")) {
                return gzipPart(path, name, rank, size, key);
            }
            String text = bytePart(path, rank, size, key);
            long[] counts = new long[size];
            long[] mine = {countLines(text)};
            coll.allgather(mine, 0, 1, counts, 0);
            long before = 0;
            for (int r = 0; r < rank; r++) {
                before += counts[r];
            }
            return new ShardText(name, text, before + 1, (int) mine[0]);
        } catch (IOException e) {
            throw InputFile.failure(name, e);
        }
    }

    private static String bytePart(Path path, int rank, int size, LineKey key) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            long start = LineSplit.partStart(ch, fileSize, rank, size, key);
            long end = Math.max(start, LineSplit.partStart(ch, fileSize, rank + 1, size, key));
            if (end - start > Integer.MAX_VALUE - 16) {
                throw new DataFormatException(path + ": part of rank " + rank + " is " + (end - start)
                        + " bytes; use more ranks (at most 2 GiB per rank)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, end - start));
            while (buf.hasRemaining()) {
                if (ch.read(buf, start + buf.position()) < 0) {
                    break;
                }
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
        }
    }

    private static ShardText gzipPart(Path path, String name, int rank, int size, LineKey key) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
            in.transferTo(all);
        }
        String whole = all.toString(StandardCharsets.ISO_8859_1);
        long total = countLines(whole);
        long from = groupStart(whole, total * rank / size, key);
        long to = Math.max(from, groupStart(whole, total * (rank + 1) / size, key));
        int startChar = lineOffset(whole, from);
        int endChar = lineOffset(whole, to);
        return new ShardText(name, whole.substring(startChar, endChar), from + 1, (int) (to - from));
    }

    /** {@code line} (0-based), moved past lines continuing the group of the line before it. */
    private static long groupStart(String s, long line, LineKey key) {
        if (key == null || line == 0) {
            return line;
        }
        int prev = lineOffset(s, line - 1);
        int at = lineOffset(s, line);
        long group = key.of(s, prev, Math.max(prev, at - 1));
        while (at < s.length()) {
            int nl = s.indexOf('\n', at);
            int end = nl < 0 ? s.length() : nl;
            if (key.of(s, at, end) != group) {
                break;
            }
            line++;
            at = nl < 0 ? s.length() : nl + 1;
        }
        return line;
    }

    /** Char offset where line {@code line} (0-based) of {@code s} starts; {@code s.length()} past the end. */
    private static int lineOffset(String s, long line) {
        int pos = 0;
        for (long l = 0; l < line && pos < s.length(); l++) {
            int nl = s.indexOf('\n', pos);
            pos = nl < 0 ? s.length() : nl + 1;
        }
        return pos;
    }

    /** Lines in {@code s}: its {@code '\n'}s plus one if it ends without one. */
    static long countLines(String s) {
        long n = 0;
        for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
            n++;
        }
        return s.isEmpty() || s.charAt(s.length() - 1) == '\n' ? n : n + 1;
    }
}
