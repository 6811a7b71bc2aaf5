package dev.concord.collectives;

/**
 * Picks algorithms from message size and world size. The AllReduce thresholds come from
 * {@code bash bench/allreduce.sh 2 "2 4" ring,rabenseifner,rd,tree,auto} on this project's 2-core
 * machine (BENCHMARKS.md): recursive doubling is fastest for small messages; from 64 KiB the
 * binomial tree beat the ring at every size at np = 2 and 4 (when ranks share cores, the ring's
 * 2(p−1) dependent steps cost more than the tree's larger, fewer messages); from 32 MiB
 * Rabenseifner was fastest at np = 4 (0.95x Open MPI's busbw at 64 MiB). Re-measured on
 * 2026-11-22 after native payload I/O and the yielding spin for oversubscribed hosts ({@code
 * concord bench allreduce -np 4 --sizes 64K,1M,8M,64M --algorithm tree,ring,rabenseifner,rd},
 * two runs): at np = 4 Rabenseifner was the fastest or within noise of it at every size from
 * 64 KiB (64 KiB 404-426 us against the tree's 501-978, 1 MiB 2.0-2.2 ms against 2.8-10.6), so
 * power-of-two worlds above two ranks now use it from 64 KiB; at np = 3 and 8 the candidates
 * stayed within run-to-run noise of each other and the tree is kept. At np = 2 the segmented
 * ring is used from {@link #ALLREDUCE_PAIR_RING_BYTES}: on 2026-12-05 ({@code concord bench
 * allreduce -np 2 --sizes 64K,256K,1M,4M,8M,64M --algorithm tree,ring --iterations 40}, four
 * runs) its median beat the tree's at 1 MiB in 4 of 4 runs (438-530 us against 493-554), 4 MiB
 * 4 of 4, 8 MiB 3 of 4 and 64 MiB 4 of 4 (26-33 ms against 32-35), lost at 256 KiB in 4 of 4
 * (162-185 us against 145-154) and won at 64 KiB. Inside L-BFGS training (sparse logistic
 * regression, 1 MiB gradient, 400 iterations, {@code -x CONCORD_ALLREDUCE=tree|ring}, three
 * alternations) the ring was 1-1.7 ms per iteration slower over the first 80 iterations (its
 * larger code path is still being compiled by the JIT) and level with the tree after that;
 * earlier 30-iteration comparisons, which had kept the tree, measured only that warm-up.
 * Re-measure on other machines; {@code CONCORD_ALLREDUCE} forces an algorithm.
 */
public final class AlgorithmSelector {
    /** Below this many bytes AllReduce uses recursive doubling (fewest rounds). */
    public static final long ALLREDUCE_SMALL_BYTES = 64L << 10;
    /**
     * From this many bytes, with more than two ranks, Rabenseifner; between the two limits the
     * binomial tree, except in power-of-two worlds above two ranks (Rabenseifner from the small limit).
     */
    public static final long ALLREDUCE_LARGE_BYTES = 32L << 20;
    /** From this many bytes a world of two ranks uses the segmented ring instead of the tree. */
    public static final long ALLREDUCE_PAIR_RING_BYTES = 512L << 10;
    /** From this many bytes broadcast scatters then allgathers instead of using a binomial tree. To be measured. */
    public static final long BROADCAST_LARGE_BYTES = 512L << 10;
    /** Below this many bytes in all, allgather uses recursive doubling instead of the ring. To be measured. */
    public static final long ALLGATHER_SMALL_BYTES = 64L << 10;

    private AlgorithmSelector() {
    }

    /** The AllReduce algorithm for {@code bytes} per rank in a world of {@code size}, or {@code forced} if set. */
    public static AllreduceKind allreduce(long bytes, int size, AllreduceKind forced) {
        if (forced != null) {
            return forced;
        }
        if (size == 1 || bytes < ALLREDUCE_SMALL_BYTES) {
            return AllreduceKind.RECURSIVE_DOUBLING;
        }
        if (size == 2) {
            return bytes >= ALLREDUCE_PAIR_RING_BYTES ? AllreduceKind.RING : AllreduceKind.TREE;
        }
        boolean powerOfTwo = (size & (size - 1)) == 0;
        return powerOfTwo || bytes >= ALLREDUCE_LARGE_BYTES ? AllreduceKind.RABENSEIFNER : AllreduceKind.TREE;
    }

    /** True if a broadcast of {@code bytes} in a world of {@code size} should scatter then allgather. */
    public static boolean largeBroadcast(long bytes, int size) {
        return size > 2 && bytes >= BROADCAST_LARGE_BYTES;
    }

    /** True if an allgather of {@code totalBytes} (all ranks' parts together) should use recursive doubling. */
    public static boolean smallAllgather(long totalBytes, int size) {
        return totalBytes < ALLGATHER_SMALL_BYTES;
    }
}
