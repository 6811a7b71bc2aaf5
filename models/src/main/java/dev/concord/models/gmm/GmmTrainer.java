package dev.concord.models.gmm;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.Shard;
import dev.concord.models.kmeans.Centres;
import dev.concord.models.kmeans.GlobalRows;
import dev.concord.models.kmeans.InitMethod;
import dev.concord.models.kmeans.KMeansModel;
import dev.concord.models.train.CheckpointHook;
import dev.concord.models.train.MetricsSink;
import dev.concord.models.train.ProgressReport;
import dev.concord.models.train.Restarts;
import dev.concord.models.train.StatisticsSum;
import dev.concord.models.train.TrainingLoop;
import dev.concord.runtime.EchoedFailure;
import java.util.Arrays;

/**
 * Gaussian mixture with restarts: the highest final average log-likelihood of {@code nInit} starts
 * seeded {@code seed + i}. Starts: {@code evenly-spaced-rows} = means at rows floor(j n / k),
 * weights 1/k, every covariance the covariance of all data (divisor n; diagonal: its diagonal),
 * no reg_covar; {@code kmeans++} = k-means++ seeding, Lloyd's k-means to convergence, then one
 * M-step from the hard assignment (as scikit-learn's {@code init_params='kmeans'}).
 */
public final class GmmTrainer {
    private static final int KMEANS_MAX_ITERATIONS = 300;

    private GmmTrainer() {
    }

    /** Collective: every rank calls it with its shard. */
    public static Restarts.Fit fit(Shard shard, GmmConfig config, int nInit, long seed, TrainingLoop loop,
            Collectives coll) {
        Shard dense = shard.dense();
        double[] mean = GlobalRows.mean(dense, coll);
        return Restarts.best(nInit, i -> start(dense, config, mean, seed + i, coll), loop, "avg_log_likelihood", true);
    }

    /** The starting model of one restart. */
    static GmmModel start(Shard shard, GmmConfig config, double[] mean, long seed, Collectives coll) {
        int k = config.k();
        int d = mean.length;
        if (config.init() == InitMethod.EVENLY_SPACED_ROWS) {
            double[] means = GlobalRows.fetch(shard, GlobalRows.evenlySpaced(shard.totalRows(), k), coll);
            double[] one = config.covariance() == CovarianceType.DIAG ? GlobalRows.variances(shard, mean, coll)
                    : GlobalRows.covariance(shard, mean, coll);
            double[] covs = new double[k * one.length];
            for (int c = 0; c < k; c++) {
                System.arraycopy(one, 0, covs, c * one.length, one.length);
            }
            double[] weights = new double[k];
            Arrays.fill(weights, 1.0 / k);
            return EchoedFailure.alikeOnEveryRank(coll.communicator().rank(),
                    () -> new GmmModel(shard, config, mean, weights, means, covs));
        }
        double[] centres = Centres.initial(shard, k, InitMethod.KMEANS_PLUS_PLUS, config.sampleSize(), seed, coll);
        KMeansModel kmeans = new KMeansModel(shard, centres, k, 0.0);
        new TrainingLoop(coll, KMEANS_MAX_ITERATIONS, MetricsSink.discard(), CheckpointHook.NONE,
                ProgressReport.NONE, System::nanoTime).run(kmeans, null);
        double[] identity = new double[config.covariance() == CovarianceType.FULL ? k * d * d : k * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                identity[config.covariance() == CovarianceType.FULL ? c * d * d + j * d + j : c * d + j] = 1;
            }
        }
        double[] weights = new double[k];
        Arrays.fill(weights, 1.0 / k);
        GmmModel model = new GmmModel(shard, config, mean, weights, kmeans.centres(), identity);
        double[] buf = model.newStatistics().doubles();
        new StatisticsSum(coll).sum((from, to, b) -> model.hardAssignRows(kmeans.centres(), from, to, b),
                model.localRows(), buf);
        return EchoedFailure.alikeOnEveryRank(coll.communicator().rank(), () -> {
            model.mStep(buf); // on the combined statistics
            return model;
        });
    }
}
