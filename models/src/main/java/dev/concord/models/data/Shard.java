package dev.concord.models.data;

/**
 * One rank's part of a data set: its rows, their labels (if labelled) and where they sit in the
 * whole file. Local row {@code i} is global sample {@code firstRow() + i}; samples are numbered in
 * file order over all ranks, skipping blank, comment and header lines.
 */
public final class Shard {
    private final String source;
    private final FeatureMatrix x;
    private final int[] labels;
    private final int numClasses;
    private final long firstRow;
    private final long totalRows;
    private final LabelRule labelRule;

    /**
     * @param labels     class ids in {@code [0, numClasses)}, one per row, or null when unlabelled
     * @param firstRow   global index of local row 0
     * @param totalRows  rows over all ranks
     */
    public Shard(String source, FeatureMatrix x, int[] labels, int numClasses, long firstRow, long totalRows) {
        this(source, x, labels, numClasses, firstRow, totalRows, LabelRule.ZERO_BASED);
    }

    private Shard(String source, FeatureMatrix x, int[] labels, int numClasses, long firstRow, long totalRows,
            LabelRule labelRule) {
        if (labels != null && labels.length < x.rows()) {
            throw new IllegalArgumentException(labels.length + " labels for " + x.rows() + " rows");
        }
        this.source = source;
        this.x = x;
        this.labels = labels;
        this.numClasses = numClasses;
        this.firstRow = firstRow;
        this.totalRows = totalRows;
        this.labelRule = labelRule;
    }

    /** The same shard, recording that its labels were read by {@code rule}. */
    public Shard withLabelRule(LabelRule rule) {
        return new Shard(source, x, labels, numClasses, firstRow, totalRows, rule);
    }

    /** How the file's labels became class ids (test data must be read with the same rule). */
    public LabelRule labelRule() {
        return labelRule;
    }

    /** File the shard came from (for messages). */
    public String source() {
        return source;
    }

    public FeatureMatrix features() {
        return x;
    }

    /** Local row count. */
    public int rows() {
        return x.rows();
    }

    /** Class id of local row {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    public boolean labelled() {
        return labels != null;
    }

    /** Number of classes over the whole data set (0 when unlabelled). */
    public int numClasses() {
        return numClasses;
    }

    public long firstRow() {
        return firstRow;
    }

    public long totalRows() {
        return totalRows;
    }

    /**
     * The same shard in the cheaper storage for its fill: dense when at least half the entries
     * are stored (dense rows cost 8 bytes per entry, CSR 12, and dense kernels run faster).
     */
    public Shard compact() {
        if (x instanceof CsrMatrix && 2L * ((CsrMatrix) x).nnz() >= (long) x.rows() * x.cols()) {
            return dense();
        }
        return this;
    }

    /** The same shard with dense features. */
    public Shard dense() {
        return x instanceof DenseMatrix ? this : new Shard(source, x.toDense(), labels, numClasses, firstRow, totalRows,
                labelRule);
    }
}
