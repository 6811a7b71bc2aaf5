package dev.concord.models.data;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.EchoedFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the UCI bag-of-words format: {@code docword} = D, W, NNZ on lines 1-3 then
 * {@code docID wordID count} lines (1-based, sorted by docID, wordIDs increasing within a document),
 * and optionally {@code vocab} (line i = word i). Every rank reads the 3-line header and its own
 * byte range, split so that no document is cut ({@link LineKey} on docID). Collective. The
 * entries of all ranks together must number NNZ: a file cut at a line end fails, not trains on
 * part of the corpus.
 */
public final class BagOfWordsReader {
    private BagOfWordsReader() {
    }

    /** Reads this rank's documents of {@code docword}; {@code vocab} may be null. */
    public static BagOfWords read(Path docword, Path vocab, Collectives coll) {
        String file = docword.toString();
        long[] header = header(docword);
        if (header[1] > Integer.MAX_VALUE) {
            throw DataFormatException.at(file, 2, "vocabulary size " + header[1] + " is too large");
        }
        ShardText part = ShardText.read(docword, coll, BagOfWordsReader::docKey);
        ShardBuilder b = new ShardBuilder();
        int[] docIds = new int[16];
        DataFormatException failure = null;
        try {
            docIds = parse(part, header, b, docIds);
        } catch (DataFormatException e) {
            failure = e;
        }
        int size = coll.communicator().size();
        long[] all = new long[2 * size]; // per rank: failed (0/1), entries read
        coll.allgather(new long[] {failure == null ? 0 : 1, b.nnz}, 0, 2, all, 0);
        boolean[] any = new boolean[size];
        long entries = 0;
        for (int r = 0; r < size; r++) {
            any[r] = all[2 * r] != 0;
            entries += all[2 * r + 1];
        }
        FailTogether.check(any, failure, coll);
        if (entries != header[2]) { // every rank sees the same sums: rank 0 reports
            throw EchoedFailure.unlessReporter(DataFormatException.at(file, 3, "the header says NNZ = " + header[2]
                    + " (doc, word) entries, but the file has " + entries
                    + (entries < header[2] ? " (is it truncated?)" : "")), 0, coll.communicator().rank());
        }
        CsrMatrix m = new CsrMatrix(b.rows, (int) header[1], Arrays.copyOf(b.rowPtr, b.rows + 1),
                Arrays.copyOf(b.indices, b.nnz), Arrays.copyOf(b.values, b.nnz));
        return new BagOfWords(file, m, Arrays.copyOf(docIds, b.rows), header[0], (int) header[1], header[2],
                vocab == null ? null : words(vocab, (int) header[1]));
    }

    private static int[] parse(ShardText part, long[] header, ShardBuilder b, int[] docIds) {
        String file = part.file();
        String text = part.text();
        long line = part.firstLine();
        long currentDoc = -1;
        long prevWord = 0;
        int pos = 0;
        long[] v = new long[3];
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            if (line > 3 && !text.substring(pos, end).isBlank()) {
                fields(file, line, text, pos, end, v);
                if (v[0] < 1 || v[0] > header[0]) {
                    throw DataFormatException.at(file, line, "docID " + v[0] + " is outside 1.." + header[0]);
                }
                if (v[1] < 1 || v[1] > header[1]) {
                    throw DataFormatException.at(file, line, "wordID " + v[1] + " is outside 1.." + header[1]);
                }
                if (v[2] < 1) {
                    throw DataFormatException.at(file, line, "count " + v[2] + " must be >= 1");
                }
                if (v[0] < currentDoc) {
                    throw DataFormatException.at(file, line, "docID " + v[0] + " after " + currentDoc
                            + " (lines must be sorted by docID)");
                }
                if (v[0] != currentDoc) {
                    if (currentDoc >= 0) {
                        b.endRow(0, line);
                    }
                    if (b.rows == docIds.length) {
                        docIds = Arrays.copyOf(docIds, docIds.length * 2);
                    }
                    docIds[b.rows] = (int) (v[0] - 1);
                    currentDoc = v[0];
                    prevWord = 0;
                } else if (v[1] <= prevWord) {
                    throw DataFormatException.at(file, line, "wordID " + v[1] + " is not greater than the previous "
                            + prevWord + " of document " + v[0]);
                }
                prevWord = v[1];
                b.entry((int) (v[1] - 1), v[2]);
            }
            line++;
            pos = end + 1;
        }
        if (currentDoc >= 0) {
            b.endRow(0, line);
        }
        return docIds;
    }

    private static void fields(String file, long line, String text, int start, int end, long[] out) {
        String[] parts = text.substring(start, end).trim().split("\\s+");
        if (parts.length != 3) {
            throw DataFormatException.at(file, line, "expected 'docID wordID count', found " + parts.length
                    + " fields");
        }
        for (int i = 0; i < 3; i++) {
            try {
                out[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                throw DataFormatException.at(file, line, "bad number " + DataFormatException.quote(parts[i]));
            }
        }
    }

    /** The docID of a data line; -1 for header lines (one field). */
    static long docKey(CharSequence text, int start, int end) {
        int p = start;
        while (p < end && Character.isWhitespace(text.charAt(p))) {
            p++;
        }
        long id = 0;
        int digits = 0;
        while (p < end && Character.isDigit(text.charAt(p))) {
            id = id * 10 + (text.charAt(p++) - '0');
            digits++;
        }
        return digits == 0 || p == end ? -1 : id;
    }

    private static long[] header(Path docword) {
        InputFile.check(docword);
        long[] h = new long[3];
        try (InputStream raw = Files.newInputStream(docword);
                InputStream in = docword.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1))) {
            for (int i = 0; i < 3; i++) {
                String line = r.readLine();
                if (line == null) {
                    throw i == 0 ? new DataFormatException(docword + ": empty file")
                            : DataFormatException.at(docword.toString(), i + 1, "missing header line (D, W, NNZ)");
                }
                try {
                    h[i] = Long.parseLong(line.trim());
                } catch (NumberFormatException e) {
                    throw DataFormatException.at(docword.toString(), i + 1, "bad number "
                            + DataFormatException.quote(line.trim()) + " in the header (D, W, NNZ)");
                }
            }
        } catch (IOException e) {
            throw InputFile.failure(docword.toString(), e);
        }
        return h;
    }

    private static String[] words(Path vocab, int w) {
        String[] words = vocabulary(vocab);
        if (words.length != w) {
            throw new DataFormatException(vocab + ": " + words.length + " words, but the docword header says W = " + w
                    + " (line i of the vocabulary is word i)");
        }
        return words;
    }

    /**
     * The words of a vocabulary file (line i = word i; UTF-8), without trailing blank lines. Its
     * length is the caller's to check: a vocabulary of another corpus would label topics wrongly.
     */
    public static String[] vocabulary(Path vocab) {
        InputFile.check(vocab);
        try {
            List<String> lines = Files.readAllLines(vocab, StandardCharsets.UTF_8);
            int n = lines.size();
            while (n > 0 && lines.get(n - 1).isBlank()) {
                n--;
            }
            return lines.subList(0, n).toArray(new String[0]);
        } catch (IOException e) {
            throw InputFile.failure(vocab.toString(), e);
        }
    }
}
