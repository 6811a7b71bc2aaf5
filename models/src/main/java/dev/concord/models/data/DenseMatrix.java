package dev.concord.models.data;

/** Dense rows stored row-major in one {@code double[]}: element (i, j) at {@code i * cols + j}. */
public final class DenseMatrix extends FeatureMatrix {
    private final int rows;
    private final int cols;
    private final double[] data;

    /** Wraps {@code data} (not copied), which must hold exactly {@code rows * cols} values. */
    public DenseMatrix(int rows, int cols, double[] data) {
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException(rows + " x " + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    /** The row-major values (shared, not copied). */
    public double[] data() {
        return data;
    }

    /** Element (i, j). */
    public double get(int i, int j) {
        return data[i * cols + j];
    }

    @Override
    public double dot(int row, double[] w, int off) {
        double s = 0;
        int base = row * cols;
        for (int j = 0; j < cols; j++) {
            s += data[base + j] * w[off + j];
        }
        return s;
    }

    @Override
    public void addScaled(int row, double a, double[] g, int off) {
        int base = row * cols;
        for (int j = 0; j < cols; j++) {
            g[off + j] += a * data[base + j];
        }
    }

    @Override
    public DenseMatrix toDense() {
        return this;
    }
}
