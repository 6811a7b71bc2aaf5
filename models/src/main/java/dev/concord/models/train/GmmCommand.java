package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.Shard;
import dev.concord.models.gmm.CovarianceType;
import dev.concord.models.gmm.GmmConfig;
import dev.concord.models.gmm.GmmTrainer;
import dev.concord.models.kmeans.InitMethod;
import dev.concord.runtime.Communicator;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train gmm}: Gaussian mixture by EM. */
@Command(name = "gmm", description = "Gaussian mixture model fitted by EM.", mixinStandardHelpOptions = true)
public final class GmmCommand implements TrainJob {
    static final int DEFAULT_ITERATIONS = 100;
    static final double DEFAULT_TOL = 1e-3;
    static final int SAMPLE = 10_000;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--k", defaultValue = "3", description = "Components.")
    int k;

    @Option(names = "--covariance", defaultValue = "full", description = "full or diag.")
    String covariance;

    @Option(names = "--n-init", defaultValue = "1", description = "Starts; the best log-likelihood wins.")
    int nInit;

    @Option(names = "--reg-covar", defaultValue = "1e-6", description = "Added to covariance diagonals.")
    double regCovar;

    @Option(names = "--init", defaultValue = "kmeans++", description = "kmeans++ or evenly-spaced-rows.")
    String init;

    private GmmConfig config;

    @Override
    public void validate() {
        config = new GmmConfig(k, CovarianceType.parse(covariance), regCovar, common.tol(DEFAULT_TOL),
                InitMethod.parse(init), SAMPLE);
        common.checkStarts(nInit);
        common.rowFormat(DataFormat.CSV);
    }

    @Override
    public TrainingOutcome run(Communicator comm, PrintStream out, CheckpointHook hook) {
        validate();
        TrainSession session = new TrainSession(comm, common, hook);
        DataOptions options = session.dataOptions(DataFormat.CSV, false, 0);
        Shard train = session.trainingData(options);
        JsonObject cfg = session.config("gmm", options, train.features().cols(), DEFAULT_ITERATIONS, DEFAULT_TOL)
                .put("k", k).put("covariance", covariance).put("n_init", nInit).put("reg_covar", regCovar)
                .put("init", init);
        Restarts.Fit fit = GmmTrainer.fit(train, config, nInit, common.seed,
                session.loop(DEFAULT_ITERATIONS, cfg, train, out), session.collectives());
        return session.finish(fit, cfg, null, out);
    }
}
