package dev.concord.models.train;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.DataReader;
import dev.concord.models.data.DemoData;
import dev.concord.models.data.Shard;
import dev.concord.runtime.Communicator;
import java.io.PrintStream;

/** The steps every {@code train} command shares: data, loop, metrics, model file, final print. */
final class TrainSession {
    private final Communicator comm;
    private final Collectives coll;
    private final CommonOptions common;
    private final MetricsSink sink;
    private final CheckpointHook hook;

    TrainSession(Communicator comm, CommonOptions common, CheckpointHook hook) {
        this.hook = hook;
        this.comm = comm;
        this.coll = Collectives.of(comm);
        this.common = common;
        this.sink = comm.rank() != 0 ? MetricsSink.discard()
                : common.metrics != null ? MetricsSink.toFile(common.metrics) : MetricsSink.inMemory();
    }

    Collectives collectives() {
        return coll;
    }

    /** The data options the command line asks for. */
    DataOptions dataOptions(DataFormat fallback, boolean labelled, int hashBits) {
        DataFormat f = common.format != null ? DataFormat.parse(common.format)
                : common.data == null ? fallback : DataFormat.guess(common.data.toString(), fallback);
        return new DataOptions(f, common.features, common.featureScale, hashBits, labelled);
    }

    /** This rank's training shard: {@code --data}, or the demo set. */
    Shard trainingData(DataOptions options) {
        if (common.data == null) {
            return DemoData.shard(comm.rank(), comm.size(), common.featureScale);
        }
        return DataReader.read(common.data, options, coll).compact();
    }

    /** This rank's test shard, or null without {@code --test-data}. */
    Shard testData(DataOptions options, int features) {
        if (common.testData == null) {
            return null;
        }
        DataOptions o = options.features() == 0 && options.hashBits() == 0 ? options.withFeatures(features) : options;
        return DataReader.read(common.testData, o, coll).compact();
    }

    TrainingLoop loop(int defaultIterations) {
        return new TrainingLoop(coll, common.iterations(defaultIterations), sink, hook,
                System::nanoTime);
    }

    /** Settings shared by every model's configuration JSON. */
    Json config(String model, DataOptions options, int features, int defaultIterations, double defaultTol) {
        return new Json().put("model", model)
                .put("data", common.data == null ? "<demo>" : common.data.toString())
                .put("format", options.format().name().toLowerCase(java.util.Locale.ROOT))
                .put("features", features).put("feature_scale", options.featureScale())
                .put("hash_bits", options.hashBits()).put("seed", common.seed)
                .put("iterations", common.iterations(defaultIterations)).put("tol", common.tol(defaultTol))
                .put("world_size", comm.size());
    }

    /** Final line, model file and print (rank 0); returns the outcome on every rank. */
    TrainingOutcome finish(Restarts.Fit fit, Json config, Json extra, PrintStream out) {
        Json line = fit.result().finalJson(null);
        String text = (extra == null ? line : line.append(extra)).toString();
        sink.line(text);
        sink.close();
        ModelState state = fit.model().state();
        if (comm.rank() == 0) {
            if (common.out != null) {
                ModelFile.write(common.out, state, config);
            }
            out.println(text);
            out.flush();
        }
        return new TrainingOutcome(fit.result(), state, text);
    }

    CommonOptions common() {
        return common;
    }
}
