package dev.concord.checkpoints.bench;

import dev.concord.checkpoints.CheckpointStore;
import dev.concord.checkpoints.npy.NpyArray;
import dev.concord.checkpoints.npy.NpzWriter;
import dev.concord.collectives.Collectives;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code CheckpointWrite DIR MIB [REPEATS]}: commits a checkpoint of one rank whose shard is a
 * {@code MIB} MiB float64 array (serialised to .npz first), {@code REPEATS} times (default 3), and
 * prints the best write+fsync+commit throughput in MiB/s. Used by {@code bench/checkpoint.sh}.
 */
public final class CheckpointWrite {
    private CheckpointWrite() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int mib = Integer.parseInt(args[1]);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        double[] state = new double[mib * (1 << 20) / 8];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < state.length; i++) {
            state[i] = rnd.nextDouble();
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(state.length * 8 + 4096);
        new NpzWriter().add("state", NpyArray.vector(state)).write(buf);
        byte[] shard = buf.toByteArray();
        Communicator comm = Concord.init();
        double best = Double.MAX_VALUE;
        try (CheckpointStore store = CheckpointStore.open(dir, Collectives.of(comm),
                new CheckpointStore.Identity("bench", "0"), 1)) {
            for (int r = 1; r <= repeats; r++) {
                long t = System.nanoTime();
                store.save(r, shard, 0, state.length, null);
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
        }
        comm.close();
        System.out.printf(Locale.ROOT, "%.1f%n", shard.length / (double) (1 << 20) / best);
    }
}
