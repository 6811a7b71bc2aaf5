package dev.concord.models.train;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.DataReader;
import dev.concord.models.data.Shard;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code predict MODEL --data FILE [--out FILE]} as one rank: loads a model file, reads the data
 * with the options the model was trained with (format, features, scale, hashing), prints the
 * metric on rank 0 (logreg: {@code log_loss}, {@code accuracy}; gmm: {@code avg_log_likelihood};
 * kmeans: {@code inertia}) and with {@code --out} writes one prediction per data row (class,
 * component or cluster), in file order, from rank 0. Exit codes as {@link TrainMain}.
 */
public final class PredictMain {
    private PredictMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args, Concord::init, System.out, System.err));
    }

    /** Runs as one rank; returns the exit code. */
    public static int execute(String[] args, java.util.function.Supplier<Communicator> join, PrintStream out,
            PrintStream err) {
        Path model = null;
        Path data = null;
        Path target = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--data") || a.equals("--out")) && i + 1 < args.length) {
                if (a.equals("--data")) {
                    data = Path.of(args[++i]);
                } else {
                    target = Path.of(args[++i]);
                }
            } else if (!a.startsWith("--") && model == null) {
                model = Path.of(a);
            } else {
                err.println("concord predict: unexpected argument '" + a + "' (usage: predict MODEL --data FILE [--out FILE])");
                return TrainMain.USAGE;
            }
        }
        if (model == null || data == null) {
            err.println("concord predict: need MODEL and --data FILE (usage: predict MODEL --data FILE [--out FILE])");
            return TrainMain.USAGE;
        }
        Communicator comm = join.get();
        try {
            String line = run(ModelFile.read(model), data, target, Collectives.of(comm));
            if (comm.rank() == 0) {
                out.println(line);
            }
            comm.close();
            return TrainMain.OK;
        } catch (RuntimeException e) {
            err.println("concord predict: rank " + comm.rank() + ": " + e.getMessage());
            comm.abort(e.toString());
            return TrainMain.exitCode(e);
        }
    }

    /** Scores {@code data} with {@code model}; returns the metrics as a JSON line. Collective. */
    public static String run(ModelFile model, Path data, Path target, Collectives coll) {
        String kind = model.setting("model");
        DataOptions options = new DataOptions(DataFormat.parse(model.setting("format")),
                Integer.parseInt(model.setting("features")), Double.parseDouble(model.setting("feature_scale")),
                Integer.parseInt(model.setting("hash_bits")), "logreg".equals(kind));
        if (options.hashBits() > 0) {
            options = options.withFeatures(0);
        }
        Shard shard = DataReader.read(data, options, coll).compact();
        Predictor predictor = Predictor.of(kind, model);
        Json metrics = predictor.score(shard, coll);
        if (target != null) {
            Predictions.write(target, predictor.predict(shard), coll);
        }
        return metrics.toString();
    }
}
