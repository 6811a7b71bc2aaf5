package dev.concord.models.gmm;

import dev.concord.models.kmeans.InitMethod;

/**
 * Settings of a Gaussian mixture fit.
 *
 * @param k          components
 * @param covariance full or diagonal covariances
 * @param regCovar   added to every covariance diagonal in every M-step (not to the start)
 * @param tol        converged when the average log-likelihood changes by less than this
 * @param init       k-means++ (then Lloyd, then one M-step from the hard assignment) or evenly spaced rows
 * @param sampleSize rows gathered to rank 0 for k-means++
 */
public record GmmConfig(int k, CovarianceType covariance, double regCovar, double tol, InitMethod init,
        int sampleSize) {
    public GmmConfig {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        if (!(regCovar >= 0)) {
            throw new IllegalArgumentException("--reg-covar must be >= 0, got " + regCovar);
        }
        if (sampleSize < k) {
            throw new IllegalArgumentException("sample size " + sampleSize + " is below k = " + k);
        }
        if (!(tol >= 0)) {
            throw new IllegalArgumentException("--tol must be >= 0, got " + tol);
        }
    }
}
