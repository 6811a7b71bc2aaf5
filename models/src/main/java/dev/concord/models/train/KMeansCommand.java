package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.Shard;
import dev.concord.models.kmeans.InitMethod;
import dev.concord.models.kmeans.KMeansConfig;
import dev.concord.models.kmeans.KMeansTrainer;
import dev.concord.runtime.Communicator;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train kmeans}: Lloyd's k-means. */
@Command(name = "kmeans", description = "k-means (Lloyd) with k-means++ starts.", mixinStandardHelpOptions = true)
public final class KMeansCommand implements TrainJob {
    static final int DEFAULT_ITERATIONS = 300;
    static final double DEFAULT_TOL = 1e-4;
    static final int SAMPLE = 10_000;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--k", defaultValue = "3", description = "Centres.")
    int k;

    @Option(names = "--n-init", defaultValue = "1", description = "Starts; the lowest inertia wins.")
    int nInit;

    @Option(names = "--init", defaultValue = "kmeans++", description = "kmeans++ or evenly-spaced-rows.")
    String init;

    private KMeansConfig config;

    @Override
    public void validate() {
        config = new KMeansConfig(k, InitMethod.parse(init), common.tol(DEFAULT_TOL), SAMPLE);
        common.checkStarts(nInit);
        common.rowFormat(DataFormat.CSV);
    }

    @Override
    public TrainingOutcome run(Communicator comm, PrintStream out, CheckpointHook hook) {
        validate();
        TrainSession session = new TrainSession(comm, common, hook);
        DataOptions options = session.dataOptions(DataFormat.CSV, false, 0);
        Shard train = session.trainingData(options);
        JsonObject cfg = session.config("kmeans", options, train.features().cols(), DEFAULT_ITERATIONS, DEFAULT_TOL)
                .put("k", k).put("n_init", nInit).put("init", init);
        Restarts.Fit fit = KMeansTrainer.fit(train, config, nInit, common.seed,
                session.loop(DEFAULT_ITERATIONS, cfg, train, out), session.collectives());
        return session.finish(fit, cfg, null, out);
    }
}
