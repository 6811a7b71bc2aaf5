package dev.concord.collectives;

/**
 * Picks algorithms from message size and world size. The thresholds are first guesses from the
 * usual cost models (latency-bound below a few KiB, bandwidth-bound above a few hundred KiB);
 * they are to be measured on the target machine with {@code concord bench} and updated here.
 */
public final class AlgorithmSelector {
    /** Below this many bytes AllReduce uses recursive doubling (fewest rounds). To be measured. */
    public static final long ALLREDUCE_SMALL_BYTES = 16L << 10;
    /** Below this many bytes (and above the small limit) Rabenseifner; from here on ring. To be measured. */
    public static final long ALLREDUCE_LARGE_BYTES = 512L << 10;
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
        if (size <= 2 || bytes < ALLREDUCE_SMALL_BYTES) {
            // with two ranks every algorithm is one exchange; recursive doubling has the fewest copies
            return bytes < ALLREDUCE_LARGE_BYTES || size == 1 ? AllreduceKind.RECURSIVE_DOUBLING : AllreduceKind.RING;
        }
        return bytes < ALLREDUCE_LARGE_BYTES ? AllreduceKind.RABENSEIFNER : AllreduceKind.RING;
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
