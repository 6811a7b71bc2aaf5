package dev.concord.checkpoints;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Fault injection for process-level tests: {@code CONCORD_TEST_HALT_AT=RANK:POINT:STEP} makes rank
 * RANK halt (as if SIGKILLed: no cleanup, status 137) at POINT of committing step STEP, in the first
 * attempt of a job only ({@code CONCORD_ATTEMPT} unset or 0), so the restarted job runs through.
 * Points: {@code shard-write} (half of the rank's shard written to its temp file),
 * {@code before-manifest} (every shard durable, the manifest not yet written; rank 0),
 * {@code manifest-rename} (manifest temp file written, not renamed; rank 0).
 */
final class HaltAtCommitPoint implements CommitFiles {
    static final String VARIABLE = "CONCORD_TEST_HALT_AT";
    private static final String[] POINTS = {"shard-write", "before-manifest", "manifest-rename"};

    private final CommitFiles inner;
    private final String point;
    private final String stepDir;
    private final String shardTmp;

    private HaltAtCommitPoint(CommitFiles inner, int rank, String point, long step) {
        this.inner = inner;
        this.point = point;
        this.stepDir = "step-" + step;
        this.shardTmp = CheckpointStore.shardName(rank) + ".tmp";
    }

    /** {@code inner}, wrapped when the environment asks this rank to halt. */
    static CommitFiles fromEnvironment(Map<String, String> env, int rank, CommitFiles inner) {
        String spec = env.get(VARIABLE);
        String attempt = env.getOrDefault("CONCORD_ATTEMPT", "0");
        if (spec == null || spec.isEmpty() || !attempt.equals("0")) {
            return inner;
        }
        String[] f = spec.split(":");
        if (f.length != 3 || !Arrays.asList(POINTS).contains(f[1])) {
            throw new IllegalArgumentException(VARIABLE + "=" + spec + ": expected RANK:POINT:STEP with POINT one of "
                    + Arrays.toString(POINTS));
        }
        return Integer.parseInt(f[0]) == rank ? new HaltAtCommitPoint(inner, rank, f[1], Long.parseLong(f[2])) : inner;
    }

    @Override
    public void writeTemp(Path tmp, byte[] bytes) throws IOException {
        boolean here = tmp.getParent().getFileName().toString().equals(stepDir);
        String name = tmp.getFileName().toString();
        if (here && point.equals("shard-write") && name.equals(shardTmp)) {
            inner.writeTemp(tmp, Arrays.copyOf(bytes, bytes.length / 2));
            halt();
        }
        if (here && point.equals("before-manifest") && name.startsWith(CheckpointStore.MANIFEST)) {
            halt();
        }
        inner.writeTemp(tmp, bytes);
    }

    @Override
    public void publish(Path tmp, Path target) throws IOException {
        if (point.equals("manifest-rename") && target.getParent().getFileName().toString().equals(stepDir)
                && target.getFileName().toString().equals(CheckpointStore.MANIFEST)) {
            halt();
        }
        inner.publish(tmp, target);
    }

    private void halt() {
        System.err.println("concord TEST: halting at " + point + " of " + stepDir + " (" + VARIABLE + ")");
        System.err.flush();
        Runtime.getRuntime().halt(137);
    }
}
