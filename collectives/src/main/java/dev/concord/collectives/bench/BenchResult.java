package dev.concord.collectives.bench;

/**
 * One measured (algorithm, size): times are the maximum over ranks of each iteration, in
 * microseconds; bandwidths in GB/s (10^9 bytes) from the median time, with NCCL-tests' bus
 * bandwidth factors: allreduce {@code 2(n-1)/n}, allgather and reducescatter {@code (n-1)/n},
 * bcast 1.
 */
public record BenchResult(String collective, String algorithm, String transport, int np, long bytes,
        double medianMicros, double minMicros, double algbwGBps, double busbwGBps, long allocBytesPerCall) {

    /** Bus-bandwidth factor of {@code collective} in a world of {@code n}. */
    static double busFactor(String collective, int n) {
        switch (collective) {
            case "allreduce": return 2.0 * (n - 1) / n;
            case "allgather":
            case "reducescatter": return (n - 1) / (double) n;
            default: return 1.0;
        }
    }
}
