package dev.concord.models.data;

/**
 * A rank's rows of features, dense ({@link DenseMatrix}) or sparse ({@link CsrMatrix}). The two
 * kernels every linear model needs are here so that models never branch on the storage:
 * {@link #dot} and {@link #addScaled}. Neither allocates.
 */
public abstract class FeatureMatrix {
    FeatureMatrix() {
    }

    /** Number of rows (samples) on this rank. */
    public abstract int rows();

    /** Number of columns (features), the same on every rank. */
    public abstract int cols();

    /** {@code sum_j x[row][j] * w[off + j]}. */
    public abstract double dot(int row, double[] w, int off);

    /** {@code g[off + j] += a * x[row][j]} for every stored {@code j}. */
    public abstract void addScaled(int row, double a, double[] g, int off);

    /** This matrix as dense row-major storage (itself if already dense). */
    public abstract DenseMatrix toDense();
}
