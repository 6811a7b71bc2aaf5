package dev.concord.models.data;

/**
 * Sparse rows in compressed sparse row form: row {@code i}'s entries are {@code indices[k]}
 * (0-based column, strictly increasing within a row) and {@code values[k]} for
 * {@code k in [rowPtr[i], rowPtr[i+1])}.
 */
public final class CsrMatrix extends FeatureMatrix {
    private final int rows;
    private final int cols;
    private final int[] rowPtr;
    private final int[] indices;
    private final double[] values;

    /** Wraps the arrays (not copied); {@code rowPtr} has {@code rows + 1} entries. */
    public CsrMatrix(int rows, int cols, int[] rowPtr, int[] indices, double[] values) {
        if (rowPtr.length != rows + 1 || indices.length < rowPtr[rows] || values.length < rowPtr[rows]) {
            throw new IllegalArgumentException("CSR arrays do not fit " + rows + " rows: rowPtr " + rowPtr.length
                    + ", indices " + indices.length + ", values " + values.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.indices = indices;
        this.values = values;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    public int[] rowPtr() {
        return rowPtr;
    }

    public int[] indices() {
        return indices;
    }

    public double[] values() {
        return values;
    }

    /** Stored entries. */
    public int nnz() {
        return rowPtr[rows];
    }

    @Override
    public double dot(int row, double[] w, int off) {
        double s = 0;
        for (int k = rowPtr[row], end = rowPtr[row + 1]; k < end; k++) {
            s += values[k] * w[off + indices[k]];
        }
        return s;
    }

    @Override
    public void addScaled(int row, double a, double[] g, int off) {
        for (int k = rowPtr[row], end = rowPtr[row + 1]; k < end; k++) {
            g[off + indices[k]] += a * values[k];
        }
    }

    @Override
    public DenseMatrix toDense() {
        double[] d = new double[Math.multiplyExact(rows, cols)];
        for (int i = 0; i < rows; i++) {
            for (int k = rowPtr[i]; k < rowPtr[i + 1]; k++) {
                d[i * cols + indices[k]] = values[k];
            }
        }
        return new DenseMatrix(rows, cols, d);
    }
}
