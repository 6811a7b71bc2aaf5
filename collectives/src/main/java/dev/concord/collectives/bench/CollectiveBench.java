package dev.concord.collectives.bench;

import dev.concord.collectives.AllreduceKind;
import dev.concord.collectives.CollectiveOptions;
import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times collectives on {@code double} buffers. Run every rank of a job with the same arguments
 * ({@link BenchConfig#parse}); rank 0 prints. The method is Open MPI's reference harness's
 * ({@code ../shared/bench/ompi/allreduce_bench.c}): after warm-up, a batch size k is doubled
 * until k calls take 2 ms; each timed sample is a barrier then k calls, its per-call time the
 * maximum over ranks (an AllReduce MAX), so every rank records the same numbers; median and
 * minimum over the samples. The per-call allocation is the maximum over ranks of the calling
 * thread's allocated bytes per call. The core, {@link #run}, takes a communicator so tests
 * call it through {@code LocalCluster}.
 */
public final class CollectiveBench {
    private CollectiveBench() {
    }

    public static void main(String[] args) {
        BenchConfig config;
        try {
            config = BenchConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("collective bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (Communicator comm = Concord.init()) {
            List<BenchResult> results = run(comm, config);
            if (comm.rank() == 0) {
                BenchReport.print(results, config.format(), System.out);
            }
        }
    }

    /** Runs the benchmark on this rank; every rank returns the same results. */
    public static List<BenchResult> run(Communicator comm, BenchConfig config) {
        Collectives timing = Collectives.of(comm, CollectiveOptions.defaults());
        long largest = config.sizes().stream().mapToLong(Long::longValue).max().orElse(8);
        double[] buf = new double[(int) Math.max(1, largest / Double.BYTES)];
        Arrays.fill(buf, 1e-3);
        long[] times = new long[config.iterations()];
        // each sample: barrier, a batch of calls, AllReduce MAX of the per-call time over ranks
        long[] measured = new long[2];
        List<BenchResult> results = new ArrayList<>();
        for (AllreduceKind kind : config.algorithms()) {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withAllreduce(kind)
                    .withCheckCalls(config.checkCalls()).withReproducible(config.reproducible()));
            for (long bytes : config.sizes()) {
                int count = (int) (bytes / Double.BYTES);
                for (int i = 0; i < config.warmup(); i++) {
                    once(c, config.collective(), buf, count);
                }
                // warm the JIT and the connections: batches doubled until one takes --warmup-time
                batchSize(timing, c, config.collective(), buf, count, measured, (long) (config.warmupSeconds() * 1e9));
                int batch = batchSize(timing, c, config.collective(), buf, count, measured, 2_000_000L);
                long alloc = 0;
                for (int i = 0; i < config.iterations(); i++) {
                    timing.barrier();
                    long a0 = allocatedBytes();
                    long t0 = System.nanoTime();
                    for (int k = 0; k < batch; k++) {
                        once(c, config.collective(), buf, count);
                    }
                    measured[0] = (System.nanoTime() - t0) / batch;
                    measured[1] = (allocatedBytes() - a0) / batch;
                    timing.allreduce(measured, 0, 2, ReduceOp.MAX);
                    times[i] = measured[0];
                    alloc += measured[1];
                }
                results.add(result(comm, config, kind, bytes, times, alloc / config.iterations()));
            }
        }
        return results;
    }

    /**
     * Calls per timed sample, as Open MPI's reference harness does: doubled until one batch takes
     * at least {@code targetNanos} on the slowest rank (at most 65536 calls), so that short calls are timed in a stream
     * and barrier exit skew is amortised; 1 for calls that are long anyway.
     */
    private static int batchSize(Collectives timing, Collectives c, String collective, double[] buf, int count,
            long[] measured, long targetNanos) {
        int k = 1;
        while (k < 65536) {
            timing.barrier();
            long t0 = System.nanoTime();
            for (int i = 0; i < k; i++) {
                once(c, collective, buf, count);
            }
            measured[0] = System.nanoTime() - t0;
            measured[1] = 0;
            timing.allreduce(measured, 0, 2, ReduceOp.MAX);
            if (measured[0] >= targetNanos) {
                break;
            }
            k *= 2;
        }
        return k;
    }

    private static void once(Collectives c, String collective, double[] buf, int count) {
        int n = c.communicator().size();
        switch (collective) {
            case "allreduce": c.allreduce(buf, 0, count, ReduceOp.SUM); break;
            case "bcast": c.broadcast(buf, 0, count, 0); break;
            case "allgather": {
                int each = count / n;
                c.allgather(buf, c.communicator().rank() * each, each, buf, 0);
                break;
            }
            case "reducescatter": c.reduceScatter(buf, 0, count, ReduceOp.SUM); break;
            default: c.barrier();
        }
    }

    private static BenchResult result(Communicator comm, BenchConfig config, AllreduceKind kind, long bytes,
            long[] times, long allocPerCall) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        double median = sorted[sorted.length / 2] / 1e3;
        double min = sorted[0] / 1e3;
        double algbw = config.collective().equals("barrier") || median == 0 ? 0 : bytes / (median * 1e3);
        double busbw = algbw * BenchResult.busFactor(config.collective(), comm.size());
        String label = (kind == null ? "auto" : kind.label()) + (config.reproducible() ? "+repro" : "");
        return new BenchResult(config.collective(), label, comm.transportName(),
                comm.size(), config.collective().equals("barrier") ? 0 : bytes, median, min, algbw, busbw, allocPerCall);
    }

    /**
     * Looked up once: {@code ManagementFactory.getThreadMXBean()} allocates 776 bytes per call on
     * JDK 17, which the column used to report as the collective's own (e.g. ~800 B per 8 MiB call,
     * batches of one).
     */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
