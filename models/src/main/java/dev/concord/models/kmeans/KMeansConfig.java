package dev.concord.models.kmeans;

/**
 * Settings of a k-means fit.
 *
 * @param k          number of centres
 * @param init       how to choose the start
 * @param tol        converged when the squared centre movement of an iteration is at most
 *                   {@code tol} times the mean per-feature variance of the data (scikit-learn's rule);
 *                   0 = until the centres stop moving
 * @param sampleSize rows gathered to rank 0 for k-means++ (all rows when the data has fewer)
 */
public record KMeansConfig(int k, InitMethod init, double tol, int sampleSize) {
    public KMeansConfig {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        if (!(tol >= 0)) {
            throw new IllegalArgumentException("--tol must be >= 0, got " + tol);
        }
        if (sampleSize < k) {
            throw new IllegalArgumentException("sample size " + sampleSize + " is below k = " + k);
        }
    }
}
