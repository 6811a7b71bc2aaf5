package dev.concord.checkpoints;

import dev.concord.collectives.Collectives;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ConcordException;
import dev.concord.runtime.EchoedFailure;
import dev.concord.runtime.FileErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Checkpoints of one job in a directory that every rank sees ({@code DIR/step-<N>/}). Every
 * method is collective: all ranks call it in the same order.
 *
 * <p><b>Commit protocol.</b> Each rank writes its shard ({@code rank-<r>.npz}) and rank 0 the
 * replicated model ({@code model.npz}), each to a temp name, fsynced, renamed; the ranks then
 * exchange what they wrote (sizes, CRC32Cs and outcomes); if every rank succeeded, rank 0 writes
 * {@code MANIFEST} the same way and fsyncs the directory. A crash anywhere before the manifest's
 * rename leaves the previous checkpoint the newest valid one; retention deletes older steps only
 * after a newer one has committed.
 *
 * <p><b>Background writes.</b> {@link #saveAsync} returns once the shard bytes are handed over;
 * one background thread per store writes and fsyncs them, and once the ranks agree that every
 * shard of a step is durable, rank 0 writes its manifest, fsyncs the directory and applies
 * retention on that thread too, in order. The agreement is a collective on the training thread
 * ({@link #saveAsync} and {@link #poll} at sync points) that never waits for the disk: a rank
 * whose write is still running says so and that step stays pending. It runs once every {@value
 * #AGREE_EVERY} sync points, on all the steps pending by then, so its cost — on a loaded machine
 * as much as a training AllReduce, since it absorbs the ranks' skew — is shared by that many
 * iterations; a step is therefore committed up to {@value #AGREE_EVERY} sync points after it was
 * taken. The training thread waits for the disk only when a step is due while this rank's
 * previous write is still running. A manifest rank 0 could not write fails rank 0's next call.
 *
 * <p>Why not carry the agreement inside the training AllReduce: extra elements move the ring
 * algorithm's chunk boundaries and hence the summation order of the model's statistics, so a run
 * with background checkpoints would not give the bits of a run without them.
 */
public final class CheckpointStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.concord.checkpoints");
    /** The file of a step directory whose presence commits the step. */
    public static final String MANIFEST = "MANIFEST";
    /** Longs per rank in the exchange of write outcomes: see {@link #write}. */
    static final int FIELDS = 8;
    /** Sync points between two agreements on background steps. */
    static final int AGREE_EVERY = 10;
    /** The outcome a rank reports while its background write is still running. */
    private static final long[] WRITING = {-1, 0, 0, -1, -1, 0, 0, 0};

    /**
     * What a checkpoint must match to be resumed from. A store resumes, replaces and deletes only
     * steps of its own identity; a directory holding another's is refused ({@link #latest}).
     */
    public record Identity(String model, String configHash) {
        /** Whether {@code m} is a checkpoint of this identity (same model and configuration hash). */
        public boolean owns(Manifest m) {
            return model.equals(m.model()) && configHash.equals(m.configHash());
        }
    }

    private final Path dir;
    private final Collectives coll;
    private final Communicator comm;
    private final Identity identity;
    private final int keep;
    private final CommitFiles files;
    private final BackgroundWriter writer;
    /** Background steps taken, oldest first, that the ranks have not agreed on yet. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long syncPoints;

    /** A step being written or written. */
    private record Pending(long step, Future<long[]> outcome) {
    }

    private CheckpointStore(Path dir, Collectives coll, Identity identity, int keep) {
        this.dir = dir;
        this.coll = coll;
        this.comm = coll.communicator();
        this.identity = identity;
        this.keep = keep;
        this.files = HaltAtCommitPoint.fromEnvironment(System.getenv(), comm.rank(), CommitFiles.DURABLE);
        this.writer = new BackgroundWriter(comm.rank());
    }

    /**
     * A store in {@code dir} (created if missing) keeping the newest {@code keep} committed steps.
     * Fails now if this rank cannot create files there (a read-only file system, no permission),
     * rather than at the first checkpoint, after that many iterations of training.
     */
    public static CheckpointStore open(Path dir, Collectives coll, Identity identity, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("must keep at least 1 checkpoint, got " + keep);
        }
        try {
            FileErrors.createDirectories(dir);
        } catch (IOException e) { // the caller names the rank
            throw new ConcordException("cannot create checkpoint directory " + dir + ": " + FileErrors.reason(e), e);
        }
        try {
            Files.delete(Files.createTempFile(dir, ".write-check-", ".tmp"));
        } catch (IOException e) {
            throw new ConcordException("cannot write checkpoint directory " + dir + ": " + FileErrors.reason(e), e);
        }
        return new CheckpointStore(dir, coll, identity, keep);
    }

    public Path directory() {
        return dir;
    }

    /** Directory of a step. */
    public static Path stepDir(Path dir, long step) {
        return dir.resolve("step-" + step);
    }

    /**
     * Writes and commits step {@code step}: this rank's {@code shard} (covering global data
     * positions {@code [keyLo, keyHi)}, or -1/-1), and on rank 0 the replicated {@code model}
     * (ignored elsewhere; may be null). Returns when the step is committed on every rank.
     */
    public void save(long step, byte[] shard, long keyLo, long keyHi, byte[] model) {
        sync();
        writer.drain();
        long[] all = exchange(step, write(step, shard, keyLo, keyHi, model));
        long[] committed = {0};
        if (comm.rank() == 0) {
            committed[0] = publish(step, all) ? 1 : 0;
        }
        coll.broadcast(committed, 0, 1, 0);
        if (committed[0] != 1) {
            throw new ConcordException("checkpoint step " + step + " was not committed: rank 0 could not write "
                    + "its manifest (see its log)");
        }
    }

    /**
     * Like {@link #save}, but the files are written and committed in the background; the arrays
     * must not be changed afterwards. A sync point: waits for this rank's previous background
     * write if it is still running, and every {@value #AGREE_EVERY} sync points agrees on the
     * pending steps ({@link #poll}).
     */
    public void saveAsync(long step, byte[] shard, long keyLo, long keyHi, byte[] model) {
        Pending previous = pending.peekLast();
        if (previous != null) {
            outcome(previous);
        }
        poll();
        pending.addLast(new Pending(step, writer.submit(() -> write(step, shard, keyLo, keyHi, model))));
    }

    /**
     * A sync point without a checkpoint. Collective, and never waits for the disk: every {@value
     * #AGREE_EVERY} sync points, if background steps are pending, the ranks exchange how far
     * their writes are (one allgather); each step whose shards are all durable is committed in
     * the background, oldest first, up to the first one some rank is still writing.
     */
    public void poll() {
        if (++syncPoints % AGREE_EVERY == 0) {
            agree(false);
        }
        writer.throwIfFailed();
    }

    /**
     * Settles every pending background step: waits for this rank's writes, agrees with the
     * other ranks, and commits them in the background. Throws if rank 0 failed to write an
     * earlier manifest.
     */
    public void sync() {
        agree(true);
        writer.throwIfFailed();
    }

    /** Commits any pending background write and waits until every background task is done. */
    @Override
    public void close() {
        try {
            sync();
            writer.drain();
            writer.throwIfFailed();
        } finally {
            writer.shutdown();
        }
    }

    /**
     * The newest valid checkpoint of this job, agreed by all ranks (rank 0 validates and decides,
     * then broadcasts), or empty. Newer invalid steps are skipped with a warning naming why.
     * Throws on every rank, before anything is written, if the directory holds a checkpoint of
     * another model or configuration: this job's steps would overwrite and its retention delete it.
     */
    public Optional<Manifest> latest() {
        long[] chosen = {-1, -1}; // this job's newest valid step; the newest step of another job
        if (comm.rank() == 0) {
            List<StepStatus> steps = scan(dir, identity);
            chosen[1] = StepDirs.newestOfAnotherJob(steps, identity);
            if (chosen[1] < 0) {
                chosen[0] = StepDirs.newestValid(steps);
            }
        }
        coll.broadcast(chosen, 0, 2, 0);
        if (chosen[1] >= 0) {
            // rank 0 decided and reports it
            throw EchoedFailure.unlessReporter(anotherJob(chosen[1], StepDirs.readManifest(stepDir(dir, chosen[1]))),
                    0, comm.rank());
        }
        if (chosen[0] < 0) {
            return Optional.empty();
        }
        return Optional.of(StepDirs.readManifest(stepDir(dir, chosen[0])));
    }

    /** A usage error (status 2, no restart): this job was pointed at a directory that is not its own. */
    private IllegalArgumentException anotherJob(long step, Manifest m) {
        return new IllegalArgumentException("checkpoint directory " + dir + " holds checkpoints of another job (newest: step "
                + step + " of '" + m.model() + "', config hash " + m.configHash() + "; this job trains '"
                + identity.model() + "', config hash " + identity.configHash() + "), which it would overwrite: "
                + "use another --checkpoint-dir or remove them");
    }

    /** Reads a file of a committed step, checking its size and CRC32C. */
    public byte[] read(Manifest m, Manifest.Entry e) {
        Path f = stepDir(dir, m.step()).resolve(e.name());
        try {
            byte[] b = Files.readAllBytes(f);
            if (b.length != e.bytes() || FileCommit.crc(b, 0, b.length) != e.crc32c()) {
                throw new CheckpointCorruptException(f + ": does not match its manifest entry (" + b.length + " bytes, "
                        + e.bytes() + " expected; or checksum differs)");
            }
            return b;
        } catch (IOException ex) {
            throw new CheckpointCorruptException(f + ": cannot be read: " + ex.getMessage());
        }
    }

    // ---------------------------------------------------------------- writing and committing

    /**
     * Writes this rank's files; returns {ok, bytes, crc, keyLo, keyHi, modelOk, modelBytes,
     * modelCrc} with ok = 1, or 0 if the write failed ({@link #WRITING} has -1: not finished).
     */
    private long[] write(long step, byte[] shard, long keyLo, long keyHi, byte[] model) {
        try {
            Path d = stepDir(dir, step);
            if (StepDirs.ofAnotherJob(d, identity)) { // latest() refuses such a directory; this guards against a race
                LOG.log(System.Logger.Level.ERROR, "rank " + comm.rank() + ": not writing checkpoint step " + step
                        + ": " + d + " holds a checkpoint of another job");
                return failed(null);
            }
            try {
                Files.createDirectories(d);
            } catch (IOException e) {
                throw new IOException("cannot create " + d + ": " + FileErrors.reason(e), e);
            }
            long crc = FileCommit.write(files, d.resolve(shardName(comm.rank())), shard);
            long[] out = {1, shard.length, crc, keyLo, keyHi, 0, 0, 0};
            if (comm.rank() == 0 && model != null) {
                out[5] = 1;
                out[6] = model.length;
                out[7] = FileCommit.write(files, d.resolve("model.npz"), model);
            }
            return out;
        } catch (IOException e) { // its message names the file and the reason
            LOG.log(System.Logger.Level.ERROR, "rank " + comm.rank() + ": writing checkpoint step " + step + " failed: "
                    + e.getMessage());
            return failed(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "rank " + comm.rank() + ": writing checkpoint step " + step + " failed: " + e);
            return failed(e);
        }
    }

    private static long[] failed(Throwable e) {
        return new long[] {0, 0, 0, -1, -1, 0, 0, 0};
    }

    /** This rank's outcome of a background write, waiting for it if it is still running. */
    private long[] outcome(Pending p) {
        try {
            return p.outcome().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcordException("rank " + comm.rank() + ": interrupted while writing checkpoint step " + p.step());
        } catch (ExecutionException e) {
            return failed(e.getCause());
        }
    }

    /** Every rank's outcome of one step (allgather); throws on every rank if one could not write (ok = 0). */
    private long[] exchange(long step, long[] mine) {
        long[] all = new long[FIELDS * comm.size()];
        coll.allgather(mine, 0, FIELDS, all, 0);
        checkWritten(step, all, 1, 0);
        return all;
    }

    /**
     * Agrees on the pending steps: one allgather of this rank's outcome of each ({@link
     * #WRITING} for a write still running, unless {@code wait}); commits them oldest first up
     * to the first one some rank is still writing. Throws on every rank if one could not write.
     */
    private void agree(boolean wait) {
        int k = pending.size();
        if (k == 0) {
            return;
        }
        int n = comm.size();
        long[] mine = new long[FIELDS * k];
        int j = 0;
        for (Pending p : pending) {
            long[] o = wait || p.outcome().isDone() ? outcome(p) : WRITING;
            System.arraycopy(o, 0, mine, FIELDS * j++, FIELDS);
        }
        long[] all = new long[FIELDS * k * n];
        coll.allgather(mine, 0, FIELDS * k, all, 0);
        for (j = 0; j < k; j++) {
            long step = pending.peekFirst().step();
            checkWritten(step, all, k, j);
            long[] stepAll = new long[FIELDS * n];
            for (int r = 0; r < n; r++) {
                if (all[FIELDS * (k * r + j)] == WRITING[0]) {
                    return;
                }
                System.arraycopy(all, FIELDS * (k * r + j), stepAll, FIELDS * r, FIELDS);
            }
            pending.removeFirst();
            publishInBackground(step, stepAll);
        }
    }

    /**
     * Throws on every rank if a rank could not write step {@code j} of the {@code k} in {@code all};
     * the first such rank, which logged why, reports it and the others echo it.
     */
    private void checkWritten(long step, long[] all, int k, int j) {
        List<Integer> bad = new ArrayList<>();
        for (int r = 0; r < comm.size(); r++) {
            if (all[FIELDS * (k * r + j)] == 0) {
                bad.add(r);
            }
        }
        if (!bad.isEmpty()) {
            pending.clear();
            throw EchoedFailure.unlessReporter(notWritten(step, bad), bad.get(0), comm.rank());
        }
    }

    private static ConcordException notWritten(long step, List<Integer> ranks) {
        return new ConcordException("checkpoint step " + step + " was not committed: ranks " + ranks
                + " could not write their shards (see their logs); the previous checkpoint stays the newest");
    }

    /** Rank 0: writes the manifest of a step every rank wrote, then applies retention; false if it could not. */
    private boolean publish(long step, long[] all) {
        if (!writeManifest(step, all)) {
            return false;
        }
        retain();
        return true;
    }

    /** Rank 0 queues {@link #publish} on the background thread; a failure fails rank 0's next call. */
    private void publishInBackground(long step, long[] all) {
        if (comm.rank() != 0) {
            return;
        }
        writer.submit(() -> {
            if (!publish(step, all)) {
                writer.fail("checkpoint step " + step + " was not committed: rank 0 could not write its manifest "
                        + "(see its log)");
            }
            return null;
        });
    }

    private boolean writeManifest(long step, long[] all) {
        int n = comm.size();
        List<Manifest.Entry> files = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            files.add(new Manifest.Entry(shardName(r), r, all[8 * r + 1], all[8 * r + 2], all[8 * r + 3],
                    all[8 * r + 4]));
        }
        if (all[5] == 1) {
            files.add(new Manifest.Entry("model.npz", -1, all[6], all[7], -1, -1));
        }
        Manifest m = new Manifest(Manifest.FORMAT, identity.model(), identity.configHash(), step, n, files);
        try {
            FileCommit.write(this.files, stepDir(dir, step).resolve(MANIFEST),
                    m.toJson().getBytes(StandardCharsets.UTF_8));
            FileCommit.syncDirectory(dir);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "rank 0: writing the manifest of step " + step + " failed: "
                    + e.getMessage());
            return false;
        }
    }

    /**
     * Deletes every step of this job older than the {@code keep} newest committed ones (rank 0,
     * after a commit); another job's steps are neither counted nor deleted.
     */
    private void retain() {
        List<Long> ours = new ArrayList<>();
        for (long s : StepDirs.steps(dir)) {
            if (!StepDirs.ofAnotherJob(stepDir(dir, s), identity)) {
                ours.add(s);
            }
        }
        int kept = 0;
        long oldestKept = Long.MAX_VALUE;
        for (long s : ours) {
            if (kept < keep && Files.exists(stepDir(dir, s).resolve(MANIFEST))) {
                kept++;
                oldestKept = s;
            }
        }
        for (long s : ours) {
            if (s < oldestKept) {
                StepDirs.deleteTree(stepDir(dir, s));
            }
        }
    }

    static String shardName(int rank) {
        return "rank-" + rank + ".npz";
    }

    // ---------------------------------------------------------------- scanning and validation

    /** Validity of one step directory. */
    public record StepStatus(long step, Path path, boolean valid, String reason, Manifest manifest) {
        /**
         * Whether the step was committed (its MANIFEST exists, valid or not): a step without one is
         * a write that never finished, which does not exist for resume.
         */
        public boolean committed() {
            return manifest != null || Files.exists(path.resolve(MANIFEST));
        }
    }

    /**
     * Every step in {@code dir}, newest first, each validated: manifest present and well formed,
     * of this job ({@code identity}, or any job when null), every listed file present with its
     * size and CRC32C. Reads every file; no collective.
     */
    public static List<StepStatus> scan(Path dir, Identity identity) {
        List<StepStatus> out = new ArrayList<>();
        for (long s : StepDirs.steps(dir)) {
            out.add(StepDirs.validate(stepDir(dir, s), s, identity));
        }
        return out;
    }

}
