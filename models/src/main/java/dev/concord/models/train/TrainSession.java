package dev.concord.models.train;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.checkpoints.Json;
import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.CollectiveOptions;
import dev.concord.collectives.Collectives;
import dev.concord.models.data.DataFormat;
import dev.concord.models.data.DataOptions;
import dev.concord.models.data.DataReader;
import dev.concord.models.data.DemoData;
import dev.concord.models.data.FailTogether;
import dev.concord.models.data.Shard;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ConcordException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

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
        this.coll = common.reproducible
                ? Collectives.of(comm, CollectiveOptions.fromEnvironment(System.getenv()).withReproducible(true))
                : Collectives.of(comm);
        this.common = common;
        this.sink = outputs();
    }

    /**
     * Rank 0's metrics sink (the others discard), once rank 0 has checked that it can write {@code
     * --out} and {@code --metrics}: a path it cannot write fails the job here, before training, on
     * every rank with rank 0's reason, rather than after training. Collective.
     */
    private MetricsSink outputs() {
        MetricsSink s = MetricsSink.discard();
        UncheckedIOException failure = null;
        if (comm.rank() == 0) {
            try {
                if (common.out != null) {
                    ModelFile.checkWritable(common.out);
                }
                s = common.metrics != null ? MetricsSink.toFile(common.metrics) : MetricsSink.inMemory();
            } catch (UncheckedIOException e) {
                failure = e;
            }
        }
        FailTogether.fromRoot(0, failure, ConcordException::new, coll);
        return s;
    }

    Collectives collectives() {
        return coll;
    }

    /** The data options the command line asks for. */
    DataOptions dataOptions(DataFormat fallback, boolean labelled, int hashBits) {
        return new DataOptions(common.rowFormat(fallback), common.features, common.featureScale, hashBits, labelled);
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
        // Without --features the limit is the training data's width: errors must not name an option never given.
        DataOptions o = options.features() == 0 && options.hashBits() == 0 ? options.withModelFeatures(features)
                : options;
        return DataReader.read(common.testData, o, coll).compact();
    }

    /**
     * The loop for a model trained on {@code train} with configuration {@code config}: with
     * {@code --checkpoint-dir} it resumes from and writes checkpoints of this configuration; with
     * {@code --progress} every rank prints "iteration N" at each sync point; rank 0 reports
     * progress as {@link ProgressReport#of} says.
     */
    TrainingLoop loop(int defaultIterations, JsonObject config, Shard train, PrintStream out) {
        CheckpointHook h = hook;
        if (common.checkpointDir != null) {
            String model = Json.field(config.toString(), "model");
            CheckpointStore store = CheckpointStore.open(common.checkpointDir, coll,
                    new CheckpointStore.Identity(model, configHash(config)), common.keep);
            h = new TrainingCheckpoints(store, common.checkpointEvery, common.checkpointAsync,
                    common.iterations(defaultIterations), train, sink, out, comm.rank());
        }
        if (common.progress) {
            h = new ProgressLog(h, out);
        }
        ProgressReport progress = ProgressReport.of(comm.rank(), System.getenv(), common.progressEvery, out);
        return new TrainingLoop(coll, common.iterations(defaultIterations), sink, h, progress, System::nanoTime);
    }

    /**
     * SHA-256 (first 16 hex digits) of the configuration without what does not change the
     * trajectory: the data path, the world size and the iteration limit (so a job may be resumed
     * with other ranks, a moved file or more iterations).
     */
    static String configHash(JsonObject config) {
        Map<?, ?> m = (Map<?, ?>) Json.parse(config.toString());
        m.remove("data");
        m.remove("world_size");
        m.remove("iterations");
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(Json.write(m).getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                b.append(String.format("%02x", h[i]));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Settings shared by every model's configuration JSON. In reproducible mode the world size is
     * left out, so that a full-batch model's file has the same bytes for any world size.
     */
    JsonObject config(String model, DataOptions options, int features, int defaultIterations, double defaultTol) {
        JsonObject c = new JsonObject().put("model", model)
                .put("data", common.data == null ? "<demo>" : common.data.toString())
                .put("format", options.format().name().toLowerCase(java.util.Locale.ROOT))
                .put("features", features).put("feature_scale", options.featureScale())
                .put("hash_bits", options.hashBits()).put("seed", common.seed)
                .put("iterations", common.iterations(defaultIterations)).put("tol", common.tol(defaultTol));
        return coll.options().reproducible() ? c.put("reproducible", true) : c.put("world_size", comm.size());
    }

    /** Final line, model file and print (rank 0); returns the outcome on every rank. */
    TrainingOutcome finish(Restarts.Fit fit, JsonObject config, JsonObject extra, PrintStream out) {
        JsonObject line = fit.result().finalJson(null);
        String text = (extra == null ? line : line.append(extra)).toString();
        sink.line(text);
        sink.close();
        ModelState state = fit.model().state();
        if (comm.rank() == 0) {
            if (common.out != null) {
                ModelFile.write(common.out, state, config);
            }
            out.println(summary(fit.result()));
            out.println(text);
            out.flush();
        }
        return new TrainingOutcome(fit.result(), state, text);
    }

    /** One line for people: what trained, how far, the final metrics; the JSON line follows it. */
    private String summary(TrainingResult r) {
        StringBuilder b = new StringBuilder("trained on ")
                .append(common.data == null ? "the built-in demo data" : common.data.toString())
                .append(" with ").append(comm.size()).append(comm.size() == 1 ? " rank: " : " ranks: ")
                .append(r.iterations()).append(" iterations").append(r.converged() ? " (converged)" : "");
        for (int i = 0; i < r.metricNames().length; i++) {
            b.append(", ").append(r.metricNames()[i]).append(" = ")
                    .append(String.format(java.util.Locale.ROOT, "%.6g", r.metricValues()[i]));
        }
        return b.append(String.format(java.util.Locale.ROOT, " in %.2f s (allreduce %.2f s)", r.wallSeconds(),
                r.allreduceSeconds())).toString();
    }

    CommonOptions common() {
        return common;
    }
}
