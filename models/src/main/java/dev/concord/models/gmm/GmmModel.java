package dev.concord.models.gmm;

import dev.concord.models.data.DenseMatrix;
import dev.concord.models.data.Shard;
import dev.concord.models.train.FullBatchModel;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.Step;

/**
 * A Gaussian mixture trained by EM. Statistics buffer: {@code [sum log p(x), N_k (k), sum r x (k x d),
 * sum r x x^T (k x d x d, lower triangle used; diagonal: k x d)]} from the local E-step at the
 * current parameters; the update is the M-step (as scikit-learn: {@code N_k + 10 eps}, weights
 * normalised, {@code reg_covar} added to the diagonals). Internally the data are centred on the
 * global mean (shift invariance of the model) so that {@code sum r x x^T / N - mu mu^T} loses no
 * precision; exported means are in the data's coordinates. The average log-likelihood reported at
 * iteration t is that of the parameters after t-1 M-steps.
 */
public final class GmmModel implements FullBatchModel {
    private static final String[] METRICS = {"avg_log_likelihood"};

    private final DenseMatrix x;
    private final long n;
    private final int k;
    private final int d;
    private final int q;
    private final boolean full;
    private final double regCovar;
    private final double tol;
    private final double[] shift;
    private final GaussianComponents components;
    private final double[] xc;
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
        double[] centred = means.clone();
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                centred[c * d + j] -= shift[j];
            }
        }
        this.components = new GaussianComponents(k, d, full, weights, centred, covariances);
        this.xc = new double[d];
        this.logp = new double[k];
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
                double v = components.logDensity(c, xc);
                if (v > best) {
                    best = v;
                    out[i] = c;
                }
            }
        }
        return out;
    }

    @Override
    public Statistics newStatistics() {
        return Statistics.ofDoubles(1 + k + k * d + k * q);
    }

    @Override
    public int localRows() {
        return x.rows();
    }

    @Override
    public void computeRows(int from, int to, double[] buf) {
        double[] data = x.data();
        int sx = 1 + k;
        int sxx = sx + k * d;
        for (int i = from; i < to; i++) {
            for (int j = 0; j < d; j++) {
                xc[j] = data[i * d + j] - shift[j];
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                logp[c] = components.logDensity(c, xc);
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

    /** Statistics of the hard assignment of local rows [from, to) to their nearest of {@code centres} (data coordinates). */
    void hardAssignRows(double[] centres, int from, int to, double[] buf) {
        double[] data = x.data();
        for (int i = from; i < to; i++) {
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
    public Step update(Statistics stats) {
        double[] combined = stats.doubles();
        avgLogLikelihood = combined[0] / n;
        mStep(combined);
        boolean converged = Math.abs(avgLogLikelihood - previous) < tol;
        previous = avgLogLikelihood;
        return converged ? Step.CONVERGED : Step.ITERATION;
    }

    /** The M-step from summed statistics. */
    void mStep(double[] s) {
        components.mStep(s, 1, 1 + k, 1 + k + k * d, regCovar);
    }

    @Override
    public void evaluateRows(int from, int to, double[] buf) {
        computeRows(from, to, buf);
    }

    @Override
    public void evaluated(Statistics stats) {
        double[] combined = stats.doubles();
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

    /** Internal coordinates: means relative to {@code shift}, so a restore is bit-exact. */
    @Override
    public ModelState checkpoint() {
        ModelState s = new ModelState().put("weights", components.weights(), k)
                .put("centred_means", components.means(), k, d)
                .put("covariances", components.covariances(), full ? new long[] {k, d, d} : new long[] {k, d})
                .put("shift", shift, d);
        return s.putScalars("avg_log_likelihood", avgLogLikelihood, previous);
    }

    @Override
    public void restore(ModelState s) {
        s.copyInto("shift", shift);
        components.set(s.doubles("weights"), s.doubles("centred_means"), s.doubles("covariances"), regCovar);
        double[] ll = s.doubles("avg_log_likelihood");
        avgLogLikelihood = ll[0];
        previous = ll[1];
    }

    @Override
    public ModelState state() {
        double[] m = components.means().clone();
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                m[c * d + j] += shift[j];
            }
        }
        ModelState s = new ModelState().put("weights", components.weights(), k).put("means", m, k, d);
        return full ? s.put("covariances", components.covariances(), k, d, d)
                : s.put("covariances", components.covariances(), k, d);
    }
}
