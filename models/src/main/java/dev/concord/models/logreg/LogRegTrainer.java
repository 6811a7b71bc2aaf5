package dev.concord.models.logreg;

import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import dev.concord.models.data.Shard;
import dev.concord.models.train.Model;
import dev.concord.models.train.Restarts;
import dev.concord.models.train.StatisticsSum;
import dev.concord.models.train.TrainingLoop;

/** Fits logistic regression with the chosen solver; collective. */
public final class LogRegTrainer {
    private LogRegTrainer() {
    }

    /** Trains on {@code shard} with {@code classes} classes (at least the shard's). */
    public static Restarts.Fit fit(Shard shard, int classes, Solver solver, LogRegConfig config, TrainingLoop loop,
            Collectives coll) {
        LogisticKernel kernel = new LogisticKernel(Math.max(classes, shard.numClasses()), shard.features().cols());
        Model model;
        if (solver == Solver.LBFGS) {
            model = new LbfgsModel(shard, kernel, config);
        } else {
            long[] maxRows = {shard.rows()};
            coll.allreduce(maxRows, 0, 1, ReduceOp.MAX);
            model = new SgdModel(shard, kernel, config, coll.communicator().rank(), coll.communicator().size(),
                    maxRows[0], solver == Solver.LOCAL_SGD);
        }
        return new Restarts.Fit(model, loop.run(model, null), 0);
    }

    /**
     * Mean log-loss and accuracy of the model in {@code state} on {@code shard}, over all ranks;
     * collective. Returns {@code {log_loss, accuracy}}.
     */
    public static double[] evaluate(Shard shard, dev.concord.models.train.ModelState state, Collectives coll) {
        double[] p = LogRegState.parameters(state);
        long[] shape = state.get("coef").shape();
        int m = (int) shape[0];
        int classes = m == 1 ? 2 : m;
        LogisticKernel kernel = new LogisticKernel(classes, (int) shape[1]);
        if (shard.features().cols() > kernel.features()) {
            throw new IllegalArgumentException(shard.source() + ": " + shard.features().cols()
                    + " features, but the model has " + kernel.features());
        }
        double[] buf = new double[LogisticKernel.GRAD];
        new StatisticsSum(coll).sum((from, to, b) -> kernel.accumulate(shard, null, from, to, p, b, false),
                shard.rows(), buf);
        return new double[] {buf[LogisticKernel.LOSS] / buf[LogisticKernel.COUNT],
            buf[LogisticKernel.CORRECT] / buf[LogisticKernel.COUNT]};
    }

    /** Predicted class of every local row of {@code shard}. */
    public static int[] predict(Shard shard, dev.concord.models.train.ModelState state) {
        double[] p = LogRegState.parameters(state);
        long[] shape = state.get("coef").shape();
        int m = (int) shape[0];
        int d = (int) shape[1];
        int[] out = new int[shard.rows()];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < m; k++) {
                double s = shard.features().dot(i, p, k * d) + p[m * d + k];
                if (s > bestScore) {
                    bestScore = s;
                    best = k;
                }
            }
            out[i] = m == 1 ? (bestScore > 0 ? 1 : 0) : best;
        }
        return out;
    }
}
