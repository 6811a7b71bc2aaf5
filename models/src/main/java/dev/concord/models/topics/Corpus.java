package dev.concord.models.topics;

import dev.concord.models.data.BagOfWords;
import dev.concord.models.data.CsrMatrix;
import dev.concord.models.data.Shard;
import dev.concord.models.train.ModelState;
import java.util.List;

/**
 * One rank's documents as a contiguous range of global document ids {@code [firstDoc, firstDoc +
 * docs())}: local document {@code i} is global document {@code firstDoc + i} (ids absent from the
 * file inside the range are empty documents). Word ids and counts per document in CSR form, word
 * ids increasing.
 */
public final class Corpus {
    private final String source;
    private final long firstDoc;
    private final long documents;
    private final int vocabulary;
    private final int[] rowPtr;
    private final int[] words;
    private final int[] counts;
    private final long tokens;

    private Corpus(String source, long firstDoc, long documents, int vocabulary, int[] rowPtr, int[] words,
            int[] counts) {
        this.source = source;
        this.firstDoc = firstDoc;
        this.documents = documents;
        this.vocabulary = vocabulary;
        this.rowPtr = rowPtr;
        this.words = words;
        this.counts = counts;
        long t = 0;
        for (int c : counts) {
            t += c;
        }
        this.tokens = t;
    }

    /** This rank's part of a bag-of-words file, with empty rows for the ids missing inside its range. */
    public static Corpus of(BagOfWords bow) {
        CsrMatrix m = bow.counts();
        int[] ids = bow.docIds();
        int n = ids.length;
        long first = n == 0 ? 0 : ids[0];
        int docs = n == 0 ? 0 : ids[n - 1] - ids[0] + 1;
        int[] rowPtr = new int[docs + 1];
        for (int r = 0; r < n; r++) {
            rowPtr[ids[r] - ids[0] + 1] = m.rowPtr()[r + 1] - m.rowPtr()[r];
        }
        for (int d = 0; d < docs; d++) {
            rowPtr[d + 1] += rowPtr[d];
        }
        int nnz = m.rowPtr()[n];
        int[] words = new int[nnz];
        int[] counts = new int[nnz];
        System.arraycopy(m.indices(), 0, words, 0, nnz);
        for (int e = 0; e < nnz; e++) {
            counts[e] = (int) m.values()[e];
        }
        return new Corpus(bow.source(), first, bow.documents(), bow.vocabulary(), rowPtr, words, counts);
    }

    /** The rows as a {@link Shard} (global row = document id), which keys checkpoint shards. */
    public Shard shard() {
        double[] values = new double[counts.length];
        for (int e = 0; e < counts.length; e++) {
            values[e] = counts[e];
        }
        CsrMatrix m = new CsrMatrix(docs(), vocabulary, rowPtr, words, values);
        return new Shard(source, m, null, 0, firstDoc, documents);
    }

    public String source() {
        return source;
    }

    /** Global id of local document 0. */
    public long firstDoc() {
        return firstDoc;
    }

    /** Local documents (including empty ones inside the range). */
    public int docs() {
        return rowPtr.length - 1;
    }

    /** Documents in the whole corpus (header D). */
    public long documents() {
        return documents;
    }

    /** Vocabulary size W. */
    public int vocabulary() {
        return vocabulary;
    }

    /** Local (document, word) entries of document {@code d}: {@code [rowPtr[d], rowPtr[d+1])}. */
    public int[] rowPtr() {
        return rowPtr;
    }

    public int[] words() {
        return words;
    }

    public int[] counts() {
        return counts;
    }

    /** Local tokens (sum of counts). */
    public long tokens() {
        return tokens;
    }

    /**
     * The checkpoint shard among {@code shards} whose {@code rangeKey} array ([first, end) document
     * ids) holds global document {@code doc}, or null.
     */
    static ModelState shardHolding(List<ModelState> shards, String rangeKey, long doc) {
        for (ModelState s : shards) {
            long[] range = s.longs(rangeKey);
            if (doc >= range[0] && doc < range[1]) {
                return s;
            }
        }
        return null;
    }
}
