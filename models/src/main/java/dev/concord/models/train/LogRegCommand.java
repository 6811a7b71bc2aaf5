package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.Shard;
import dev.concord.models.logreg.LogRegConfig;
import dev.concord.models.logreg.LogRegTrainer;
import dev.concord.models.logreg.Solver;
import dev.concord.runtime.Communicator;
import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train logreg}: logistic/softmax regression. */
@Command(name = "logreg", description = "L2 logistic regression (binary or softmax).", mixinStandardHelpOptions = true)
public final class LogRegCommand implements TrainJob {
    static final int DEFAULT_ITERATIONS = 1000;
    static final double DEFAULT_TOL = 1e-8;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--C", defaultValue = "1", description = "Inverse regularisation strength (as scikit-learn).")
    double c;

    @Option(names = "--solver", defaultValue = "lbfgs", description = "lbfgs, sgd or local-sgd.")
    String solver;

    @Option(names = "--batch-size", defaultValue = "256", description = "SGD global mini-batch size.")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.1", description = "SGD step size.")
    double learningRate;

    @Option(names = "--average-every", defaultValue = "8", description = "Local SGD: steps between averages.")
    int averageEvery;

    @Option(names = "--hash-features", defaultValue = "0",
            description = "Hash feature indices into this many columns (a power of two; 0: off).")
    int hashFeatures;

    private LogRegConfig config;
    private Solver parsedSolver;
    private int hashBits;

    @Override
    public void validate() {
        parsedSolver = Solver.parse(solver);
        if (hashFeatures != 0 && (hashFeatures < 2 || Integer.bitCount(hashFeatures) != 1)) {
            throw new IllegalArgumentException("--hash-features must be a power of two >= 2, got " + hashFeatures);
        }
        hashBits = hashFeatures == 0 ? 0 : Integer.numberOfTrailingZeros(hashFeatures);
        config = new LogRegConfig(c, common.tol(DEFAULT_TOL), batchSize, learningRate, averageEvery, common.seed);
        dataOptions();
    }

    private DataOptions dataOptions() {
        return new DataOptions(common.rowFormat(DataFormat.LIBSVM), common.features, common.featureScale, hashBits,
                true);
    }

    @Override
    public TrainingOutcome run(Communicator comm, PrintStream out, CheckpointHook hook) {
        validate();
        TrainSession session = new TrainSession(comm, common, hook);
        DataOptions options = dataOptions();
        Shard train = session.trainingData(options);
        int d = train.features().cols();
        // the classes and their labels are the training data's: a test label outside them fails here, naming its line
        int classes = train.numClasses();
        Shard test = session.testData(options.withLabelRule(train.labelRule(), classes), d);
        JsonObject cfg = session.config("logreg", options, d, DEFAULT_ITERATIONS, DEFAULT_TOL)
                .put("classes", classes).put("labels", train.labelRule().toString()).put("C", c).put("solver", solver)
                .put("batch_size", batchSize).put("learning_rate", learningRate).put("average_every", averageEvery);
        Restarts.Fit fit = LogRegTrainer.fit(train, classes, parsedSolver, config,
                session.loop(DEFAULT_ITERATIONS, cfg, train, out), session.collectives());
        JsonObject extra = null;
        if (test != null) {
            double[] m = LogRegTrainer.evaluate(test, fit.model().state(), session.collectives());
            extra = new JsonObject().put("test_log_loss", m[0]).put("test_accuracy", m[1]);
        }
        return session.finish(fit, cfg, extra, out);
    }
}
