package dev.concord.models.logreg;

import dev.concord.models.data.Shard;
import dev.concord.models.train.Model;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.Step;
import java.util.SplittableRandom;

/**
 * Mini-batch SGD on the per-sample objective {@code J / (C n) = mean loss + ||W||^2 / (2 C n)}.
 * Every rank takes {@code ceil(batchSize / size)} rows of its shard per step, in an order shuffled
 * each epoch from (seed, rank, epoch). One iteration = one epoch = {@code ceil(maxLocalRows /
 * localBatch)} steps on every rank (ranks that run out of rows contribute nothing).
 *
 * <p>Synchronous mode: each step's buffer is the kernel's {@code [loss, correct, count, gradient]}
 * over the batches of all ranks, and every rank applies the same step. Local mode (local SGD):
 * each rank takes {@code averageEvery} steps on its own copy, then the buffer carries
 * {@code count * w_local} and the update sets every rank's model to the count-weighted average.
 * Epoch metrics come from the losses seen during the epoch; the final metrics from a full pass.
 */
public final class SgdModel implements Model {
    private final Shard shard;
    private final LogisticKernel kernel;
    private final LogRegConfig config;
    private final boolean local;
    private final int rank;
    private final int localBatch;
    private final int stepsPerEpoch;
    private final double decay;
    private final double[] w;
    private final double[] wLocal;
    private final double[] scratch;
    private final double[] epochStats;
    private final double[] lastStats;
    private final int[] order;
    private int step;
    private long epoch;

    /**
     * @param worldSize    number of ranks
     * @param maxLocalRows the largest shard's row count (the same on every rank)
     * @param local        local SGD (average every {@code config.averageEvery()} steps) instead of synchronous SGD
     */
    public SgdModel(Shard shard, LogisticKernel kernel, LogRegConfig config, int rank, int worldSize,
            long maxLocalRows, boolean local) {
        LogRegMetrics.checkLabelled(shard);
        this.shard = shard;
        this.kernel = kernel;
        this.config = config;
        this.local = local;
        this.rank = rank;
        this.localBatch = Math.max(1, (config.batchSize() + worldSize - 1) / worldSize);
        this.stepsPerEpoch = (int) Math.max(1, (maxLocalRows + localBatch - 1) / localBatch);
        this.decay = 1.0 / (config.c() * shard.totalRows());
        this.w = new double[kernel.parameters()];
        this.wLocal = new double[kernel.parameters()];
        this.scratch = new double[kernel.bufferLength()];
        this.epochStats = new double[LogisticKernel.GRAD];
        this.lastStats = new double[LogisticKernel.GRAD];
        this.order = new int[shard.rows()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle();
    }

    @Override
    public Statistics newStatistics() {
        return Statistics.ofDoubles(kernel.bufferLength());
    }

    @Override
    public void computeLocal(Statistics stats) {
        double[] buf = stats.doubles();
        if (!local) {
            batch(step, w, buf);
            return;
        }
        int steps = Math.min(config.averageEvery(), stepsPerEpoch - step);
        double rows = 0;
        for (int s = 0; s < steps; s++) {
            java.util.Arrays.fill(scratch, 0.0);
            batch(step + s, wLocal, scratch);
            double count = scratch[LogisticKernel.COUNT];
            if (count > 0) {
                descend(wLocal, scratch, count);
            }
            for (int t = 0; t < LogisticKernel.GRAD; t++) {
                buf[t] += scratch[t];
            }
            rows += count;
        }
        // The rows trained on weight this rank's model in the average; the count slot carries them.
        for (int i = 0; i < wLocal.length; i++) {
            buf[LogisticKernel.GRAD + i] = rows * wLocal[i];
        }
    }

    private void batch(int s, double[] p, double[] buf) {
        int from = Math.min(s * localBatch, order.length);
        int to = Math.min(from + localBatch, order.length);
        kernel.accumulate(shard, order, from, to, p, buf, true);
    }

    private void descend(double[] p, double[] stats, double count) {
        int wlen = kernel.weightRows() * kernel.features();
        double lr = config.learningRate();
        for (int i = 0; i < p.length; i++) {
            double g = stats[LogisticKernel.GRAD + i] / count + (i < wlen ? decay * p[i] : 0.0);
            p[i] -= lr * g;
        }
    }

    @Override
    public Step update(Statistics stats) {
        double[] combined = stats.doubles();
        double count = combined[LogisticKernel.COUNT];
        if (local) {
            if (count > 0) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = combined[LogisticKernel.GRAD + i] / count;
                }
            }
            System.arraycopy(w, 0, wLocal, 0, w.length);
            step += Math.min(config.averageEvery(), stepsPerEpoch - step);
        } else {
            if (count > 0) {
                descend(w, combined, count);
            }
            step++;
        }
        for (int t = 0; t < LogisticKernel.GRAD; t++) {
            epochStats[t] += combined[t];
        }
        if (step < stepsPerEpoch) {
            return Step.CONTINUE;
        }
        System.arraycopy(epochStats, 0, lastStats, 0, lastStats.length);
        java.util.Arrays.fill(epochStats, 0.0);
        step = 0;
        epoch++;
        shuffle();
        return Step.ITERATION;
    }

    private void shuffle() {
        SplittableRandom random = new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + rank * 1_000_003L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    @Override
    public void evaluateLocal(Statistics stats) {
        double[] buf = stats.doubles();
        kernel.accumulate(shard, null, 0, shard.rows(), w, buf, false);
    }

    @Override
    public void evaluated(Statistics stats) {
        double[] combined = stats.doubles();
        System.arraycopy(combined, 0, lastStats, 0, lastStats.length);
    }

    @Override
    public String[] metricNames() {
        return LogRegMetrics.NAMES.clone();
    }

    @Override
    public void metrics(double[] out) {
        LogRegMetrics.write(lastStats, config.c(), kernel.halfSquaredWeights(w), out);
    }

    /** Current parameters {@code [W, b]} (live; do not modify). */
    public double[] parameters() {
        return w;
    }

    @Override
    public ModelState state() {
        return LogRegState.of(kernel, w);
    }

    /**
     * At a sync point the step within the epoch is 0 and the local model equals the averaged one;
     * the shuffled order is not stored: it is a function of (seed, rank, epoch), replayed on restore.
     */
    @Override
    public ModelState checkpoint() {
        return state().put("last_stats", lastStats, lastStats.length).put("epoch", epoch);
    }

    @Override
    public void restore(ModelState s) {
        double[] p = LogRegState.parameters(s);
        if (p.length != w.length) {
            throw new IllegalArgumentException("checkpoint has " + p.length + " parameters, the model " + w.length);
        }
        System.arraycopy(p, 0, w, 0, w.length);
        System.arraycopy(p, 0, wLocal, 0, w.length);
        s.copyInto("last_stats", lastStats);
        java.util.Arrays.fill(epochStats, 0.0);
        step = 0;
        long target = s.longs("epoch")[0];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (epoch = 0; epoch < target; epoch++) {
            shuffle();
        }
        shuffle();
    }
}
