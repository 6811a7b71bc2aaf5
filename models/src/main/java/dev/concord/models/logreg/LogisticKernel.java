package dev.concord.models.logreg;

import dev.concord.models.data.DenseMatrix;
import dev.concord.models.data.FeatureMatrix;
import dev.concord.models.data.Shard;

/**
 * Loss, accuracy and gradient of the (unregularised) log-loss over rows of a shard, added into a
 * statistics buffer laid out as {@code [LOSS, CORRECT, COUNT, gradient of sum of losses...]}. The
 * parameter vector is {@code [W (m x d, row-major), b (m)]} with {@code m = 1} for two classes
 * (sigmoid) and {@code m = K} otherwise (softmax). Does not allocate.
 *
 * <p>Dense softmax rows take a faster path with the same results bit for bit: the weights are
 * transposed once per call ({@code d x m}), so that the scores and the gradient become loops over
 * the m classes that the JIT vectorises, and the gradient is gathered transposed and added into
 * the buffer at the end (with the same per-row products in the same order).
 */
public final class LogisticKernel {
    /** Buffer slot: sum of -log p(y|x). */
    public static final int LOSS = 0;
    /** Buffer slot: correctly classified rows. */
    public static final int CORRECT = 1;
    /** Buffer slot: rows seen. */
    public static final int COUNT = 2;
    /** Buffer offset of the gradient. */
    public static final int GRAD = 3;

    private final int classes;
    private final int m;
    private final int d;
    private final double[] z;
    private final double[] wt;
    private final double[] gt;

    public LogisticKernel(int classes, int features) {
        if (classes < 2) {
            throw new IllegalArgumentException("logistic regression needs >= 2 classes, got " + classes);
        }
        this.classes = classes;
        this.m = classes == 2 ? 1 : classes;
        this.d = features;
        this.z = new double[m];
        this.wt = m == 1 ? null : new double[features * m];
        this.gt = m == 1 ? null : new double[features * m];
    }

    /** Weight rows: 1 for binary, K for multinomial. */
    public int weightRows() {
        return m;
    }

    public int features() {
        return d;
    }

    public int classes() {
        return classes;
    }

    /** Length of the parameter vector. */
    public int parameters() {
        return m * d + m;
    }

    /** Length of the statistics buffer. */
    public int bufferLength() {
        return GRAD + parameters();
    }

    /** Half the squared norm of the weights (intercepts excluded). */
    public double halfSquaredWeights(double[] p) {
        double s = 0;
        for (int i = 0; i < m * d; i++) {
            s += p[i] * p[i];
        }
        return 0.5 * s;
    }

    /**
     * Adds the statistics of local rows {@code order[from..to)} (or rows {@code from..to} when
     * {@code order} is null) at parameters {@code p}; the gradient only if {@code withGradient}.
     */
    public void accumulate(Shard shard, int[] order, int from, int to, double[] p, double[] buf, boolean withGradient) {
        FeatureMatrix x = shard.features();
        if (m > 1 && x instanceof DenseMatrix dense) {
            accumulateDenseSoftmax(shard, dense.data(), order, from, to, p, buf, withGradient);
            return;
        }
        for (int t = from; t < to; t++) {
            int i = order == null ? t : order[t];
            int y = label(shard, i);
            if (m == 1) {
                sigmoidRow(x, i, y, p, buf, withGradient);
            } else {
                softmaxRow(x, i, y, p, buf, withGradient);
            }
        }
        buf[COUNT] += to - from;
    }

    private void accumulateDenseSoftmax(Shard shard, double[] data, int[] order, int from, int to, double[] p,
            double[] buf, boolean withGradient) {
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < d; j++) {
                wt[j * m + k] = p[k * d + j];
            }
        }
        if (withGradient) {
            java.util.Arrays.fill(gt, 0.0);
        }
        int bias = m * d;
        for (int t = from; t < to; t++) {
            int i = order == null ? t : order[t];
            int y = label(shard, i);
            int base = i * d;
            java.util.Arrays.fill(z, 0.0);
            for (int j = 0; j < d; j++) {
                double xj = data[base + j];
                int o = j * m;
                for (int k = 0; k < m; k++) {
                    z[k] += xj * wt[o + k];
                }
            }
            for (int k = 0; k < m; k++) {
                z[k] += p[bias + k];
            }
            double sum = softmaxLoss(y, buf);
            if (withGradient) {
                double inv = 1.0 / sum;
                for (int k = 0; k < m; k++) {
                    z[k] = z[k] * inv - (k == y ? 1.0 : 0.0);
                    buf[GRAD + bias + k] += z[k];
                }
                for (int j = 0; j < d; j++) {
                    double xj = data[base + j];
                    int o = j * m;
                    for (int k = 0; k < m; k++) {
                        gt[o + k] += xj * z[k];
                    }
                }
            }
        }
        buf[COUNT] += to - from;
        if (withGradient) {
            for (int k = 0; k < m; k++) {
                for (int j = 0; j < d; j++) {
                    buf[GRAD + k * d + j] += gt[j * m + k];
                }
            }
        }
    }

    private int label(Shard shard, int i) {
        int y = shard.label(i);
        if (y >= classes) {
            throw new IllegalArgumentException(shard.source() + ": row " + (shard.firstRow() + i) + " has label "
                    + y + " but the model has " + classes + " classes");
        }
        return y;
    }

    private void sigmoidRow(FeatureMatrix x, int i, int y, double[] p, double[] buf, boolean withGradient) {
        int bias = d;
        double s = x.dot(i, p, 0) + p[bias];
        // -log sigmoid(s) for y = 1, -log(1 - sigmoid(s)) for y = 0, both as a stable softplus
        double v = y == 1 ? -s : s;
        buf[LOSS] += v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
        if ((s > 0) == (y == 1)) {
            buf[CORRECT]++;
        }
        if (withGradient) {
            double g = 1.0 / (1.0 + Math.exp(-s)) - y;
            x.addScaled(i, g, buf, GRAD);
            buf[GRAD + bias] += g;
        }
    }

    /**
     * From the class scores in {@code z[0, m)} of a row labelled {@code y}: adds its cross-entropy
     * (log-sum-exp, shifted by the largest score) and whether the top score is {@code y}'s to
     * {@code buf}, leaves {@code exp(z[k] - max)} in {@code z}, and returns their sum.
     */
    private double softmaxLoss(int y, double[] buf) {
        double max = Double.NEGATIVE_INFINITY;
        int arg = 0;
        for (int k = 0; k < m; k++) {
            if (z[k] > max) {
                max = z[k];
                arg = k;
            }
        }
        double zy = z[y] - max;
        double sum = 0;
        for (int k = 0; k < m; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        buf[LOSS] += Math.log(sum) - zy;
        if (arg == y) {
            buf[CORRECT]++;
        }
        return sum;
    }

    private void softmaxRow(FeatureMatrix x, int i, int y, double[] p, double[] buf, boolean withGradient) {
        int bias = m * d;
        for (int k = 0; k < m; k++) {
            z[k] = x.dot(i, p, k * d) + p[bias + k];
        }
        double sum = softmaxLoss(y, buf);
        if (withGradient) {
            double inv = 1.0 / sum;
            for (int k = 0; k < m; k++) {
                double g = z[k] * inv - (k == y ? 1.0 : 0.0);
                x.addScaled(i, g, buf, GRAD + k * d);
                buf[GRAD + bias + k] += g;
            }
        }
    }
}
