package dev.concord.models.gmm;


/**
 * The parameters of k Gaussian components (weights, means, full or diagonal covariances) with what
 * the E-step needs precomputed: Cholesky factors (full) or inverse standard deviations (diagonal)
 * and {@code log w_c - (d log 2 pi + log det Sigma_c) / 2}. The M-step from sufficient statistics
 * lives here too, as scikit-learn does it: {@code N_c + 10 eps}, weights normalised,
 * {@code reg_covar} added to the diagonals. Does not allocate after construction.
 */
final class GaussianComponents {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double EPS10 = 10 * Math.ulp(1.0);

    private final int k;
    private final int d;
    private final int q;
    private final boolean full;
    private final double[] weights;
    private final double[] means;
    private final double[] covariances;
    private final double[] factors;
    private final double[] logNorm;
    private final double[] diff;

    /** Components at the given parameters (copied); covariances are k x d x d (full) or k x d. */
    GaussianComponents(int k, int d, boolean full, double[] weights, double[] means, double[] covariances) {
        this.k = k;
        this.d = d;
        this.full = full;
        this.q = full ? d * d : d;
        if (weights.length != k || means.length != k * d || covariances.length != k * q) {
            throw new IllegalArgumentException(k + " components of dimension " + d + (full ? " (full)" : " (diag)")
                    + " need " + k + " weights, " + k * d + " mean and " + k * q + " covariance values; got "
                    + weights.length + ", " + means.length + ", " + covariances.length);
        }
        this.weights = weights.clone();
        this.means = means.clone();
        this.covariances = covariances.clone();
        this.factors = new double[k * q];
        this.logNorm = new double[k];
        this.diff = new double[d];
        prepare(0);
    }

    /** Values per covariance: d * d (full) or d (diagonal). */
    int covarianceSize() {
        return q;
    }

    boolean full() {
        return full;
    }

    double[] weights() {
        return weights;
    }

    /** Means, k x d (live). */
    double[] means() {
        return means;
    }

    double[] covariances() {
        return covariances;
    }

    /** {@code log w_c + log N(x | mu_c, Sigma_c)}. */
    double logDensity(int c, double[] x) {
        double maha;
        if (full) {
            for (int j = 0; j < d; j++) {
                diff[j] = x[j] - means[c * d + j];
            }
            maha = Cholesky.solveSquaredNorm(factors, c * q, d, diff);
        } else {
            maha = 0;
            for (int j = 0; j < d; j++) {
                double t = (x[j] - means[c * d + j]) * factors[c * q + j];
                maha += t * t;
            }
        }
        return logNorm[c] - 0.5 * maha;
    }

    /**
     * The M-step from summed statistics: {@code s[n + c]} = sum of responsibilities, {@code s[sx + c d + a]}
     * = sum r x_a, {@code s[sxx + c q + ...]} = sum r x x^T (lower triangle) or sum r x_a^2.
     */
    void mStep(double[] s, int n, int sx, int sxx, double regCovar) {
        double total = 0;
        for (int c = 0; c < k; c++) {
            total += s[n + c] + EPS10;
        }
        for (int c = 0; c < k; c++) {
            double nk = s[n + c] + EPS10;
            weights[c] = nk / total;
            for (int a = 0; a < d; a++) {
                means[c * d + a] = s[sx + c * d + a] / nk;
            }
            int base = sxx + c * q;
            for (int a = 0; a < d; a++) {
                double ma = means[c * d + a];
                if (full) {
                    for (int b = 0; b <= a; b++) {
                        double v = s[base + a * d + b] / nk - ma * means[c * d + b];
                        covariances[c * q + a * d + b] = v;
                        covariances[c * q + b * d + a] = v;
                    }
                    covariances[c * q + a * d + a] += regCovar;
                } else {
                    covariances[c * q + a] = s[base + a] / nk - ma * ma + regCovar;
                }
            }
        }
        prepare(regCovar);
    }

    /** Sets the parameters (copied) and refactors, exactly as after the M-step that produced them. */
    void set(double[] w, double[] m, double[] cov, double regCovar) {
        if (w.length != k || m.length != k * d || cov.length != k * q) {
            throw new IllegalArgumentException("checkpoint of " + w.length + " components with " + m.length + " mean and "
                    + cov.length + " covariance values does not fit " + k + " components of dimension " + d);
        }
        System.arraycopy(w, 0, weights, 0, k);
        System.arraycopy(m, 0, means, 0, m.length);
        System.arraycopy(cov, 0, covariances, 0, cov.length);
        prepare(regCovar);
    }

    /** Factors the covariances and the per-component normalising constants. */
    private void prepare(double regCovar) {
        for (int c = 0; c < k; c++) {
            double logDet = 0;
            if (full) {
                System.arraycopy(covariances, c * q, factors, c * q, q);
                if (!Cholesky.factor(factors, c * q, d)) {
                    throw notPositive(c, regCovar);
                }
                logDet = Cholesky.logDet(factors, c * q, d);
            } else {
                for (int j = 0; j < d; j++) {
                    double v = covariances[c * q + j];
                    if (!(v > 0)) {
                        throw notPositive(c, regCovar);
                    }
                    factors[c * q + j] = 1.0 / Math.sqrt(v);
                    logDet += Math.log(v);
                }
            }
            logNorm[c] = Math.log(weights[c]) - 0.5 * (d * LOG_2PI + logDet);
        }
    }

    /**
     * A usage error (exit status 2): the options do not fit the data, and the same options on the same
     * data fail alike, so {@code --max-restarts} does not retry it.
     */
    private IllegalArgumentException notPositive(int c, double regCovar) {
        return new IllegalArgumentException("GMM component " + c + " of " + k + ": covariance is not positive definite "
                + "(weight " + weights[c] + "); increase --reg-covar (now " + regCovar + ") or lower --k");
    }
}
