package dev.concord.models.gmm;

import dev.concord.models.data.DenseMatrix;
import dev.concord.models.data.Shard;
import dev.concord.models.train.Model;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Step;
import dev.concord.runtime.ConcordException;

/**
 * A Gaussian mixture trained by EM. Statistics buffer: {@code [sum log p(x), N_k (k), sum r x (k x d),
 * sum r x x^T (k x d x d, lower triangle used; diagonal: k x d)]} from the local E-step at the
 * current parameters; the update is the M-step (as scikit-learn: {@code N_k + 10 eps}, weights
 * normalised, {@code reg_covar} added to the diagonals). Internally the data are centred on the
 * global mean (shift invariance of the model) so that {@code sum r x x^T / N - mu mu^T} loses no
 * precision; exported means are in the data's coordinates. The average log-likelihood reported at
 * iteration t is that of the parameters after t-1 M-steps.
 */
public final class GmmModel implements Model {
    private static final String[] METRICS = {"avg_log_likelihood"};
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double EPS10 = 10 * Math.ulp(1.0);

    private final DenseMatrix x;
    private final long n;
    private final int k;
    private final int d;
    private final int q;
    private final boolean full;
    private final double regCovar;
    private final double tol;
    private final double[] shift;
    private final double[] weights;
    private final double[] means;
    private final double[] covariances;
    private final double[] factors;
    private final double[] logNorm;
    private final double[] xc;
    private final double[] diff;
    private final double[] logp;
    private double avgLogLikelihood = Double.NaN;
    private double previous = Double.NaN;

    /**
     * A model at the given parameters (copied), means and covariances in data coordinates.
     *
     * @param shift       the global mean of the data (the model's internal origin)
     * @param covariances k x d x d (full) or k x d (diagonal)
     */
    GmmModel(Shard shard, GmmConfig config, double[] shift, double[] weights, double[] means, double[] covariances) {
        this.x = shard.features().toDense();
        this.n = shard.totalRows();
        this.k = config.k();
        this.d = x.cols();
        this.full = config.covariance() == CovarianceType.FULL;
        this.q = full ? d * d : d;
        this.regCovar = config.regCovar();
        this.tol = config.tol();
        this.shift = shift.clone();
        this.weights = weights.clone();
        this.means = means.clone();
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                this.means[c * d + j] -= shift[j];
            }
        }
        this.covariances = covariances.clone();
        this.factors = new double[k * q];
        this.logNorm = new double[k];
        this.xc = new double[d];
        this.diff = new double[d];
        this.logp = new double[k];
        prepare();
    }

    /** A model at the parameters of {@code state} (weights, means, covariances) for scoring {@code shard}. */
    public static GmmModel fromState(Shard shard, ModelState state) {
        long[] shape = state.get("covariances").shape();
        CovarianceType type = shape.length == 3 ? CovarianceType.FULL : CovarianceType.DIAG;
        int k = (int) shape[0];
        GmmConfig config = new GmmConfig(k, type, 0, 0, dev.concord.models.kmeans.InitMethod.EVENLY_SPACED_ROWS, k);
        return new GmmModel(shard, config, new double[(int) shape[1]], state.get("weights").doubles(),
                state.get("means").doubles(), state.get("covariances").doubles());
    }

    /** The most likely component of every local row. */
    public int[] components() {
        int[] out = new int[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                xc[j] = x.data()[i * d + j] - shift[j];
            }
            double best = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double v = logDensity(c);
                if (v > best) {
                    best = v;
                    out[i] = c;
                }
            }
        }
        return out;
    }

    @Override
    public int statisticsLength() {
        return 1 + k + k * d + k * q;
    }

    @Override
    public void computeLocal(double[] buf) {
        double[] data = x.data();
        int sx = 1 + k;
        int sxx = sx + k * d;
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                xc[j] = data[i * d + j] - shift[j];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                logp[c] = logDensity(c);
                max = Math.max(max, logp[c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                logp[c] = Math.exp(logp[c] - max);
                sum += logp[c];
            }
            buf[0] += max + Math.log(sum);
            double inv = 1.0 / sum;
            for (int c = 0; c < k; c++) {
                accumulate(logp[c] * inv, c, buf, sx, sxx);
            }
        }
    }

    /** log w_c + log N(xc | mu_c, Sigma_c). */
    private double logDensity(int c) {
        double maha;
        if (full) {
            for (int j = 0; j < d; j++) {
                diff[j] = xc[j] - means[c * d + j];
            }
            maha = Cholesky.solveSquaredNorm(factors, c * q, d, diff);
        } else {
            maha = 0;
            for (int j = 0; j < d; j++) {
                double t = (xc[j] - means[c * d + j]) * factors[c * q + j];
                maha += t * t;
            }
        }
        return logNorm[c] - 0.5 * maha;
    }

    private void accumulate(double r, int c, double[] buf, int sx, int sxx) {
        buf[1 + c] += r;
        for (int a = 0; a < d; a++) {
            double ra = r * xc[a];
            buf[sx + c * d + a] += ra;
            if (full) {
                int row = sxx + c * q + a * d;
                for (int b = 0; b <= a; b++) {
                    buf[row + b] += ra * xc[b];
                }
            } else {
                buf[sxx + c * q + a] += ra * xc[a];
            }
        }
    }

    /** Statistics of the hard assignment of every row to its nearest of {@code centres} (data coordinates). */
    void hardAssignLocal(double[] centres, double[] buf) {
        double[] data = x.data();
        for (int i = 0; i < x.rows(); i++) {
            int best = 0;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    double t = data[i * d + j] - centres[c * d + j];
                    dist += t * t;
                }
                if (dist < bestDist) {
                    bestDist = dist;
                    best = c;
                }
            }
            for (int j = 0; j < d; j++) {
                xc[j] = data[i * d + j] - shift[j];
            }
            accumulate(1.0, best, buf, 1 + k, 1 + k + k * d);
        }
    }

    @Override
    public Step update(double[] combined) {
        avgLogLikelihood = combined[0] / n;
        mStep(combined);
        boolean converged = Math.abs(avgLogLikelihood - previous) < tol;
        previous = avgLogLikelihood;
        return converged ? Step.CONVERGED : Step.ITERATION;
    }

    /** The M-step from summed statistics. */
    void mStep(double[] s) {
        double total = 0;
        for (int c = 0; c < k; c++) {
            total += s[1 + c] + EPS10;
        }
        for (int c = 0; c < k; c++) {
            double nk = s[1 + c] + EPS10;
            weights[c] = nk / total;
            for (int a = 0; a < d; a++) {
                means[c * d + a] = s[1 + k + c * d + a] / nk;
            }
            int sxx = 1 + k + k * d + c * q;
            for (int a = 0; a < d; a++) {
                double ma = means[c * d + a];
                if (full) {
                    for (int b = 0; b <= a; b++) {
                        double v = s[sxx + a * d + b] / nk - ma * means[c * d + b];
                        covariances[c * q + a * d + b] = v;
                        covariances[c * q + b * d + a] = v;
                    }
                    covariances[c * q + a * d + a] += regCovar;
                } else {
                    covariances[c * q + a] = s[sxx + a] / nk - ma * ma + regCovar;
                }
            }
        }
        prepare();
    }

    /** Factors the covariances and the per-component normalising constants. */
    private void prepare() {
        for (int c = 0; c < k; c++) {
            double logDet;
            if (full) {
                System.arraycopy(covariances, c * q, factors, c * q, q);
                if (!Cholesky.factor(factors, c * q, d)) {
                    throw notPositive(c);
                }
                logDet = Cholesky.logDet(factors, c * q, d);
            } else {
                logDet = 0;
                for (int j = 0; j < d; j++) {
                    double v = covariances[c * q + j];
                    if (!(v > 0)) {
                        throw notPositive(c);
                    }
                    factors[c * q + j] = 1.0 / Math.sqrt(v);
                    logDet += Math.log(v);
                }
            }
            logNorm[c] = Math.log(weights[c]) - 0.5 * (d * LOG_2PI + logDet);
        }
    }

    private ConcordException notPositive(int c) {
        return new ConcordException("GMM component " + c + " of " + k + ": covariance is not positive definite "
                + "(weight " + weights[c] + "); increase --reg-covar (now " + regCovar + ") or lower --k");
    }

    @Override
    public void evaluateLocal(double[] buf) {
        computeLocal(buf);
    }

    @Override
    public void evaluated(double[] combined) {
        avgLogLikelihood = combined[0] / n;
    }

    @Override
    public String[] metricNames() {
        return METRICS.clone();
    }

    @Override
    public void metrics(double[] out) {
        out[0] = avgLogLikelihood;
    }

    @Override
    public ModelState state() {
        double[] m = means.clone();
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                m[c * d + j] += shift[j];
            }
        }
        ModelState s = new ModelState().put("weights", weights, k).put("means", m, k, d);
        return full ? s.put("covariances", covariances, k, d, d) : s.put("covariances", covariances, k, d);
    }
}
