package dev.concord.models.logreg;

import dev.concord.models.data.Shard;
import dev.concord.models.train.FullBatchModel;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.Step;

/**
 * Full-batch L-BFGS logistic regression. One step = one evaluation of J and its gradient: the
 * buffer is the kernel's {@code [loss, correct, count, gradient]} over the whole shard at the
 * optimiser's trial point, so loss and gradient travel in one AllReduce. The update adds the
 * regulariser and feeds {@link Lbfgs}; an iteration ends at each accepted step.
 */
public final class LbfgsModel implements FullBatchModel {
    private static final int MEMORY = 10;

    private final Shard shard;
    private final LogisticKernel kernel;
    private final double c;
    private final Lbfgs lbfgs;
    private final double[] grad;
    private final double[] trialStats;
    private final double[] lastStats;

    public LbfgsModel(Shard shard, LogisticKernel kernel, LogRegConfig config) {
        LogRegMetrics.checkLabelled(shard);
        this.shard = shard;
        this.kernel = kernel;
        this.c = config.c();
        this.lbfgs = new Lbfgs(new double[kernel.parameters()], MEMORY, config.tol());
        this.grad = new double[kernel.parameters()];
        this.trialStats = new double[kernel.bufferLength()];
        this.lastStats = new double[kernel.bufferLength()];
    }

    @Override
    public Statistics newStatistics() {
        return Statistics.ofDoubles(kernel.bufferLength());
    }

    @Override
    public int localRows() {
        return shard.rows();
    }

    @Override
    public void computeRows(int from, int to, double[] buf) {
        kernel.accumulate(shard, null, from, to, lbfgs.point(), buf, true);
    }

    @Override
    public Step update(Statistics stats) {
        double[] combined = stats.doubles();
        double[] p = lbfgs.point();
        int wlen = kernel.weightRows() * kernel.features();
        double f = c * combined[LogisticKernel.LOSS] + kernel.halfSquaredWeights(p);
        for (int i = 0; i < grad.length; i++) {
            grad[i] = c * combined[LogisticKernel.GRAD + i] + (i < wlen ? p[i] : 0.0);
        }
        System.arraycopy(combined, 0, trialStats, 0, trialStats.length);
        Step step = lbfgs.tell(f, grad, 0);
        if (step != Step.CONTINUE && !lbfgs.stalled()) {
            // the evaluated point was accepted: it is the iterate the metrics describe
            System.arraycopy(trialStats, 0, lastStats, 0, lastStats.length);
        }
        return step;
    }

    @Override
    public void evaluateRows(int from, int to, double[] buf) {
        kernel.accumulate(shard, null, from, to, lbfgs.x(), buf, false);
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

    /** Metrics of the last evaluated point (the accepted iterate at sync points). */
    @Override
    public void metrics(double[] out) {
        LogRegMetrics.write(lastStats, c, kernel.halfSquaredWeights(lbfgs.x()), out);
    }

    /** Current parameters {@code [W, b]} (live array; do not modify). */
    public double[] parameters() {
        return lbfgs.x();
    }

    /** Largest absolute entry of grad J at the current parameters. */
    public double maxAbsGradient() {
        return lbfgs.maxAbsGradient();
    }

    @Override
    public ModelState state() {
        return LogRegState.of(kernel, lbfgs.x());
    }

    @Override
    public ModelState checkpoint() {
        ModelState s = state().put("trial_stats", trialStats, trialStats.length)
                .put("last_stats", lastStats, lastStats.length);
        lbfgs.save(s);
        return s;
    }

    @Override
    public void restore(ModelState s) {
        lbfgs.load(s);
        s.copyInto("trial_stats", trialStats);
        s.copyInto("last_stats", lastStats);
    }
}
