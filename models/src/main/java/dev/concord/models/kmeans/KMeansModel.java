package dev.concord.models.kmeans;

import dev.concord.models.data.DenseMatrix;
import dev.concord.models.data.Shard;
import dev.concord.models.train.FullBatchModel;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.Step;

/**
 * Lloyd's k-means. Statistics buffer: {@code [inertia, counts (k), sums (k x d)]} of the nearest-
 * centre assignment at the current centres; the update moves every centre to the mean of its
 * points (a centre with no points stays where it is). The inertia reported at iteration t is that
 * of the centres after t-1 updates; the final evaluation gives the final centres' inertia.
 */
public final class KMeansModel implements FullBatchModel {
    private static final String[] METRICS = {"inertia"};

    private final DenseMatrix x;
    private final int k;
    private final int d;
    private final double[] centres;
    private final double tolAbs;
    private double inertia = Double.NaN;

    /**
     * @param centres starting centres, k x d (copied)
     * @param tolAbs  squared centre movement at or below which the model has converged
     */
    public KMeansModel(Shard shard, double[] centres, int k, double tolAbs) {
        this.x = shard.features().toDense();
        this.k = k;
        this.d = x.cols();
        if (centres.length != k * d) {
            throw new IllegalArgumentException(k + " centres of dimension " + d + " need " + k * d
                    + " values, got " + centres.length);
        }
        this.centres = centres.clone();
        this.tolAbs = tolAbs;
    }

    @Override
    public Statistics newStatistics() {
        return Statistics.ofDoubles(1 + k + k * d);
    }

    @Override
    public int localRows() {
        return x.rows();
    }

    @Override
    public void computeRows(int from, int to, double[] buf) {
        double[] data = x.data();
        for (int i = from; i < to; i++) {
            int best = 0;
            double bestDist = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double dist = KMeansPlusPlus.distance(data, i, centres, c, d);
                if (dist < bestDist) {
                    bestDist = dist;
                    best = c;
                }
            }
            buf[0] += bestDist;
            buf[1 + best] += 1;
            int off = 1 + k + best * d;
            for (int j = 0; j < d; j++) {
                buf[off + j] += data[i * d + j];
            }
        }
    }

    /** The nearest centre of every local row. */
    public int[] nearest() {
        int[] out = new int[x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            double bestDist = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double dist = KMeansPlusPlus.distance(x.data(), i, centres, c, d);
                if (dist < bestDist) {
                    bestDist = dist;
                    out[i] = c;
                }
            }
        }
        return out;
    }

    @Override
    public Step update(Statistics stats) {
        double[] combined = stats.doubles();
        inertia = combined[0];
        double moved = 0;
        for (int c = 0; c < k; c++) {
            double count = combined[1 + c];
            if (count == 0) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                double v = combined[1 + k + c * d + j] / count;
                double diff = v - centres[c * d + j];
                moved += diff * diff;
                centres[c * d + j] = v;
            }
        }
        return moved <= tolAbs ? Step.CONVERGED : Step.ITERATION;
    }

    @Override
    public void evaluateRows(int from, int to, double[] buf) {
        computeRows(from, to, buf);
    }

    @Override
    public void evaluated(Statistics stats) {
        double[] combined = stats.doubles();
        inertia = combined[0];
    }

    @Override
    public String[] metricNames() {
        return METRICS.clone();
    }

    @Override
    public void metrics(double[] out) {
        out[0] = inertia;
    }

    /** The current centres, k x d row-major (live; do not modify). */
    public double[] centres() {
        return centres;
    }

    @Override
    public ModelState state() {
        return new ModelState().put("centers", centres, k, d);
    }

    @Override
    public ModelState checkpoint() {
        return state().putScalars("inertia", inertia);
    }

    @Override
    public void restore(ModelState s) {
        s.copyInto("centers", centres);
        inertia = s.doubles("inertia")[0];
    }
}
