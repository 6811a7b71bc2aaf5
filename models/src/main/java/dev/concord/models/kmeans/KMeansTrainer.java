package dev.concord.models.kmeans;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.Shard;
import dev.concord.models.train.Restarts;
import dev.concord.models.train.TrainingLoop;

/** k-means with restarts: the lowest final inertia of {@code nInit} starts seeded {@code seed + i}. */
public final class KMeansTrainer {
    private KMeansTrainer() {
    }

    /** Collective: every rank calls it with its shard. */
    public static Restarts.Fit fit(Shard shard, KMeansConfig config, int nInit, long seed, TrainingLoop loop,
            Collectives coll) {
        Shard dense = shard.dense();
        double tolAbs = config.tol() * meanVariance(dense, coll);
        return Restarts.best(nInit, i -> new KMeansModel(dense,
                Centres.initial(dense, config.k(), config.init(), config.sampleSize(), seed + i, coll),
                config.k(), tolAbs), loop, "inertia", false);
    }

    /** Mean over features of the per-feature variance (divisor n). */
    static double meanVariance(Shard shard, Collectives coll) {
        double[] variances = GlobalRows.variances(shard, GlobalRows.mean(shard, coll), coll);
        double s = 0;
        for (double v : variances) {
            s += v;
        }
        return s / variances.length;
    }
}
