package dev.concord.models.train;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.checkpoints.Manifest;
import dev.concord.checkpoints.npy.NpyArray;
import dev.concord.checkpoints.npy.NpzReader;
import dev.concord.checkpoints.npy.NpzWriter;
import dev.concord.models.data.Shard;
import dev.concord.runtime.EchoedFailure;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training loop's checkpoints in a {@link CheckpointStore}: every {@code every} iterations
 * rank 0 writes {@code model.npz} (the model's {@link Model#checkpoint()} arrays, the loop's
 * progress, the metric lines so far) and every rank its {@code rank-<r>.npz}, keyed by the global
 * rows it holds: their range and the model's {@link Model#localCheckpoint()} arrays. On start every rank agrees on the newest valid checkpoint of this configuration
 * and restores from it. The layout is documented in {@code docs/checkpoint-format.md}.
 */
final class TrainingCheckpoints implements CheckpointHook {
    /**
     * Entry of model.npz holding {@code [iteration, converged, elapsed ns, allreduce ns, checkpoint
     * ns]} (the last is missing in checkpoints of earlier builds: 0).
     */
    static final String LOOP = "loop";
    /** Entry of model.npz holding the metric lines written so far (UTF-8 JSON lines). */
    static final String METRICS = "metrics";
    /** Entry of a rank shard holding the global rows {@code [lo, hi)} it covers. */
    static final String ROWS = "rows";

    private final CheckpointStore store;
    private final int every;
    private final boolean async;
    private final int maxIterations;
    private final Shard shard;
    private final MetricsSink sink;
    private final PrintStream log;
    private final int rank;

    /**
     * @param maxIterations the job's iteration limit: a checkpoint past it is refused before anything
     *                      is restored, re-emitted or said
     * @param sink the metric lines (rank 0 keeps them; they are stored and re-emitted on resume)
     * @param log  where rank 0 says what it resumed from
     */
    TrainingCheckpoints(CheckpointStore store, int every, boolean async, int maxIterations, Shard shard,
            MetricsSink sink, PrintStream log, int rank) {
        if (every < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + every);
        }
        this.store = store;
        this.every = every;
        this.async = async;
        this.maxIterations = maxIterations;
        this.shard = shard;
        this.sink = sink;
        this.log = log;
        this.rank = rank;
    }

    @Override
    public Progress resume(Model model) {
        Manifest m = store.latest().orElse(null);
        if (m == null) {
            return Progress.START;
        }
        m.checkRowsPartition(CheckpointStore.stepDir(store.directory(), m.step()).resolve(CheckpointStore.MANIFEST).toString());
        if (m.keyEnd() != shard.totalRows()) {
            // the configuration hash leaves the data path out (a moved file may resume), so data of
            // another size is caught here, before its model state is mixed with this data's
            // a usage error (status 2, no restart): the checkpoint and --data do not belong together
            throw EchoedFailure.unlessReporter(new IllegalArgumentException("checkpoint step " + m.step() + " in "
                    + store.directory() + " was written for " + m.keyEnd() + " data rows, but " + shard.source()
                    + " has " + shard.totalRows() + ": resume it with the data it was trained on, or use another "
                    + "--checkpoint-dir"), 0, rank);
        }
        Manifest.Entry modelFile = m.modelFile();
        if (modelFile == null) {
            throw new dev.concord.checkpoints.CheckpointCorruptException("step " + m.step() + " has no model.npz");
        }
        Map<String, NpyArray> arrays = npz(store.read(m, modelFile), modelFile.name());
        ModelState state = new ModelState();
        arrays.forEach(state::put);
        long[] loop = state.longs(LOOP);
        if (loop[0] > maxIterations) { // before the old metric lines and "resumed from" go out
            close();
            throw TrainingLoop.pastTheLimit(loop[0], maxIterations, rank);
        }
        // Per-rank shards: read (checked) the ones covering this rank's rows, whatever world size wrote them.
        long lo = shard.firstRow();
        List<ModelState> shards = new ArrayList<>();
        for (Manifest.Entry e : m.shardsCovering(lo, lo + Math.max(1, shard.rows()))) {
            ModelState local = new ModelState();
            npz(store.read(m, e), e.name()).forEach(local::put);
            shards.add(local);
        }
        model.restore(state);
        model.restoreLocal(shards);
        if (rank == 0) {
            String text = new String(state.get(METRICS).bytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (!line.isEmpty()) {
                    sink.line(line);
                }
            }
            log.println("concord train: resumed from step " + m.step() + " (checkpoint written at " + writtenAt(m)
                    + ", " + sinceLaunch() + " s since launch; world size then " + m.worldSize() + ")");
            log.flush();
        }
        return new Progress(loop[0], loop[1] != 0, loop[2], loop[3], loop.length > 4 ? loop[4] : 0,
                loop.length > 5 ? loop[5] : 0);
    }

    @Override
    public void atSyncPoint(Progress p, Model model) {
        if (p.iteration() % every != 0) {
            store.poll();
            return;
        }
        byte[] modelBytes = null;
        if (rank == 0) {
            NpzWriter w = new NpzWriter();
            for (Map.Entry<String, NpyArray> e : model.checkpoint().arrays().entrySet()) {
                w.add(e.getKey(), e.getValue());
            }
            w.add(LOOP, NpyArray.vector(new long[] {p.iteration(), p.converged() ? 1 : 0, p.elapsedNanos(),
                p.allreduceNanos(), p.checkpointNanos(), p.steps()}));
            StringBuilder lines = new StringBuilder();
            for (String line : sink.lines()) {
                lines.append(line).append('\n');
            }
            w.add(METRICS, NpyArray.vector(lines.toString().getBytes(StandardCharsets.UTF_8)));
            modelBytes = bytes(w);
        }
        long lo = shard.firstRow();
        long hi = lo + shard.rows();
        NpzWriter local = new NpzWriter().add(ROWS, NpyArray.vector(new long[] {lo, hi}));
        for (Map.Entry<String, NpyArray> e : model.localCheckpoint().arrays().entrySet()) {
            local.add(e.getKey(), e.getValue());
        }
        byte[] shardBytes = bytes(local);
        if (async) {
            store.saveAsync(p.iteration(), shardBytes, lo, hi, modelBytes);
        } else {
            store.save(p.iteration(), shardBytes, lo, hi, modelBytes);
        }
    }

    @Override
    public void close() {
        store.close();
    }

    private static byte[] bytes(NpzWriter w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.write(out);
        return out.toByteArray();
    }

    private static Map<String, NpyArray> npz(byte[] b, String name) {
        try {
            return NpzReader.read(new ByteArrayInputStream(b), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String writtenAt(Manifest m) {
        try {
            return Files.getLastModifiedTime(CheckpointStore.stepDir(store.directory(), m.step()).resolve(CheckpointStore.MANIFEST))
                    .toInstant().toString();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String sinceLaunch() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        return String.format(java.util.Locale.ROOT, "%.2f", Duration.between(started, Instant.now()).toMillis() / 1e3);
    }
}
