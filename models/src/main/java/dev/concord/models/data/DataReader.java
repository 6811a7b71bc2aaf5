package dev.concord.models.data;

import dev.concord.collectives.Collectives;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads this rank's {@link Shard} of a LibSVM or CSV file. Collective: every rank calls it, reads
 * only its own part ({@link ShardText}), parses it, and one allgather of per-rank facts (row
 * count, width, label range, failure) lets every rank agree on the sample numbering, the number
 * of features and classes, and on failing together ({@link FailTogether}): every rank throws the
 * same {@link DataFormatException}.
 */
public final class DataReader {
    private static final int ROWS = 0;
    private static final int FAILED = 1;
    private static final int WIDTH = 2;
    private static final int MIN_LABEL = 3;
    private static final int MAX_LABEL = 4;
    private static final int OTHER_LABELS = 5;
    private static final int FIRST_LINE = 6;
    private static final int OTHER_LABEL_LINE = 7;
    private static final int FACTS = 8;

    private DataReader() {
    }

    /**
     * Refuses {@code format} for {@code path} when it is bag-of-words ({@code --format bow}, or
     * guessed from a "docword" file name), which only the topic models read: throws
     * {@link IllegalArgumentException} with a one-line reason naming the file.
     */
    public static void requireRows(Path path, DataFormat format) {
        if (format == DataFormat.BAG_OF_WORDS) {
            throw new IllegalArgumentException(path + ": bag-of-words input (--format bow, or 'docword' in the file"
                    + " name) is only for the topic models lda and plsa; logreg, gmm and kmeans read --format libsvm"
                    + " or csv");
        }
    }

    /** Reads this rank's shard of {@code path}. */
    public static Shard read(Path path, DataOptions options, Collectives coll) {
        requireRows(path, options.format());
        ShardText part = ShardText.read(path, coll);
        ShardBuilder b = new ShardBuilder();
        DataFormatException failure = null;
        try {
            LineParser parser = options.format() == DataFormat.CSV
                    ? new CsvParser(part.file(), options) : new LibSvmParser(part.file(), options);
            parser.parseAll(part, b);
        } catch (DataFormatException e) {
            failure = e;
        }
        int size = coll.communicator().size();
        long[] mine = {b.rows, failure == null ? 0 : 1, b.width, b.minLabel, b.maxLabel, b.otherLabels,
                b.firstDataLine, b.firstOtherLabelLine};
        long[] all = new long[FACTS * size];
        coll.allgather(mine, 0, FACTS, all, 0);
        boolean[] failed = new boolean[size];
        for (int r = 0; r < size; r++) {
            failed[r] = all[r * FACTS + FAILED] != 0;
        }
        FailTogether.check(failed, failure, coll);
        checkAgreement(part.file(), options, all, size);
        return build(part.file(), options, b, all, size, coll.communicator().rank());
    }

    private static void checkAgreement(String file, DataOptions options, long[] all, int size) {
        long total = 0;
        long width = -1;
        long widthLine = 0;
        for (int r = 0; r < size; r++) {
            total += all[r * FACTS + ROWS];
            if (options.format() == DataFormat.CSV && all[r * FACTS + ROWS] > 0) {
                long w = all[r * FACTS + WIDTH];
                if (width < 0) {
                    width = w;
                    widthLine = all[r * FACTS + FIRST_LINE];
                } else if (w != width) {
                    throw DataFormatException.at(file, all[r * FACTS + FIRST_LINE], "has " + w
                            + " feature columns, but line " + widthLine + " has " + width);
                }
            }
        }
        if (total == 0) {
            throw new DataFormatException(file + ": empty file (no data lines)");
        }
        long min = Long.MAX_VALUE;
        long other = 0;
        long otherLine = 0;
        for (int r = 0; r < size; r++) {
            min = Math.min(min, all[r * FACTS + MIN_LABEL]);
            other += all[r * FACTS + OTHER_LABELS];
            if (otherLine == 0) {
                otherLine = all[r * FACTS + OTHER_LABEL_LINE];
            }
        }
        if (options.labelled() && options.labelRule() == null && min == -1 && other > 0) {
            throw DataFormatException.at(file, otherLine, "label is neither -1 nor +1, but the file uses -1 labels ("
                    + other + " such rows); use -1/+1, class ids 0..K-1 or class ids 1..K");
        }
    }

    private static Shard build(String file, DataOptions o, ShardBuilder b, long[] all, int size, int rank) {
        long first = 0;
        long total = 0;
        long width = 0;
        long minLabel = Long.MAX_VALUE;
        long maxLabel = Long.MIN_VALUE;
        for (int r = 0; r < size; r++) {
            if (r < rank) {
                first += all[r * FACTS + ROWS];
            }
            total += all[r * FACTS + ROWS];
            width = Math.max(width, all[r * FACTS + WIDTH]);
            minLabel = Math.min(minLabel, all[r * FACTS + MIN_LABEL]);
            maxLabel = Math.max(maxLabel, all[r * FACTS + MAX_LABEL]);
        }
        int cols = o.hashBits() > 0 ? 1 << o.hashBits() : (o.features() > 0 ? o.features() : (int) width);
        int[] labels = null;
        int classes = 0;
        LabelRule rule = o.labelRule() != null ? o.labelRule() : LabelRule.decide(minLabel);
        if (o.labelled()) {
            labels = Arrays.copyOf(b.labels, b.rows);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rule.classOf(labels[i]); // the parser and checkAgreement let only valid labels through
            }
            classes = Math.max(2, rule.classOf(maxLabel) + 1);
        }
        FeatureMatrix x = o.format() == DataFormat.CSV && o.hashBits() == 0
                ? new DenseMatrix(b.rows, cols, Arrays.copyOf(b.values, b.nnz))
                : new CsrMatrix(b.rows, cols, Arrays.copyOf(b.rowPtr, b.rows + 1),
                        Arrays.copyOf(b.indices, b.nnz), Arrays.copyOf(b.values, b.nnz));
        return new Shard(file, x, labels, classes, first, total).withLabelRule(rule);
    }
}
