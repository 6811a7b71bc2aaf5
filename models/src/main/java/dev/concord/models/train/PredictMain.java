package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.Collectives;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.DataReader;
import dev.concord.models.data.FailTogether;
import dev.concord.models.data.LabelRule;
import dev.concord.models.data.Shard;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ConcordException;
import dev.concord.runtime.bootstrap.Concord;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code predict MODEL --data FILE [--out FILE]} as one rank: loads a model file, reads the data
 * with the options the model was trained with (format, features, scale, hashing), prints the
 * metric on rank 0 (logreg: {@code log_loss}, {@code accuracy}; gmm: {@code avg_log_likelihood};
 * kmeans: {@code inertia}) and with {@code --out} writes one prediction per data row (logreg: the
 * label as the training file writes it; gmm: component; kmeans: cluster), in file order, from rank 0; a {@code --out} rank 0 cannot write fails
 * the job before the data is read. Exit codes as {@link TrainMain}.
 */
@Command(name = "predict", description = "Score a data set with a trained model.", mixinStandardHelpOptions = true)
public final class PredictMain {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file written by train --out.")
    Path model;

    @Option(names = "--data", required = true, description = "Data to score.")
    Path data;

    @Option(names = "--out", description = "Write one prediction per data row here (rank 0).")
    Path target;

    public static void main(String[] args) {
        System.exit(execute(args, Concord::init, System.out, System.err));
    }

    /** Parses {@code args}; throws IllegalArgumentException with a one-line reason. */
    static PredictMain parse(CommandLine cl, String... args) {
        try {
            cl.parseArgs(args);
            return cl.getCommand();
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Runs as one rank; returns the exit code ({@link TrainMain#exitCode}). */
    public static int execute(String[] args, Supplier<Communicator> join, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new PredictMain());
        cl.setOut(new PrintWriter(out, true));
        PredictMain p;
        try {
            p = parse(cl, args);
            if (cl.isUsageHelpRequested() || cl.isVersionHelpRequested()) {
                cl.usage(out);
                return TrainMain.OK;
            }
        } catch (IllegalArgumentException e) {
            err.println("concord predict: " + e.getMessage());
            return TrainMain.USAGE;
        }
        Communicator comm;
        try {
            comm = join.get();
        } catch (RuntimeException e) {
            err.println("concord predict: cannot join the job: " + TrainMain.reason(e));
            return TrainMain.FAILED;
        }
        try {
            String line = run(ModelFile.read(p.model), p.data, p.target, Collectives.of(comm));
            if (comm.rank() == 0) {
                out.println(line);
            }
            comm.close();
            return TrainMain.OK;
        } catch (RuntimeException e) {
            return TrainMain.failed("concord predict", comm, e, err);
        }
    }

    /** Scores {@code data} with {@code model}; returns the metrics as a JSON line. Collective. */
    public static String run(ModelFile model, Path data, Path target, Collectives coll) {
        String kind = model.setting("model");
        Predictor predictor = Predictor.of(kind, model);
        DataOptions options = new DataOptions(DataFormat.parse(model.setting("format")), 0,
                Double.parseDouble(model.setting("feature_scale")), Integer.parseInt(model.setting("hash_bits")),
                "logreg".equals(kind)).withModelFeatures(Integer.parseInt(model.setting("features")));
        if (options.hashBits() > 0) {
            options = options.withFeatures(0);
        }
        if (model.setting("labels") != null) {
            String classes = model.setting("classes");
            options = options.withLabelRule(LabelRule.parse(model.setting("labels")),
                    classes == null ? 0 : Integer.parseInt(classes));
        }
        if (target != null) {
            checkWritable(target, coll);
        }
        Shard shard = DataReader.read(data, options, coll).compact();
        JsonObject metrics = predictor.score(shard, coll);
        if (target != null) {
            Predictions.write(target, predictor.predict(shard), coll);
        }
        return metrics.toString();
    }

    /**
     * Rank 0 checks, before the data is read and scored, that it can write {@code target} (creating
     * its directory, as {@code train --out} does); if not, every rank fails with rank 0's reason.
     */
    private static void checkWritable(Path target, Collectives coll) {
        UncheckedIOException failure = null;
        if (coll.communicator().rank() == 0) {
            try {
                ModelFile.checkWritable(target);
            } catch (UncheckedIOException e) {
                failure = e;
            }
        }
        FailTogether.fromRoot(0, failure, ConcordException::new, coll);
    }
}
