package dev.concord.runtime.mpj;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.Sizes;
import dev.concord.runtime.bootstrap.Concord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import mpi.MPI;

/**
 * Times MPJ Express's own {@code MPI.COMM_WORLD.Allreduce} (SUM on doubles), the baseline for
 * Concord's collectives over MPJ. Same method as Concord's collective benchmark: per size, warm-up
 * calls, then timed calls each preceded by a barrier, each call's time the maximum over ranks;
 * rank 0 prints the median and minimum as CSV:
 *
 * <pre>collective,algorithm,transport,np,bytes,median_us,min_us,algbw_GBps,busbw_GBps</pre>
 *
 * algbw = bytes / median (GB = 1e9 B); busbw = algbw · 2(p−1)/p, as nccl-tests reports allreduce.
 *
 * <p>Run: {@code concord run --transport mpj -np N dev.concord.runtime.mpj.MpjNativeAllreduce
 * [--sizes 8,1M,8M] [--warmup K] [--iters K]}. Default sizes: 8 B to 64 MiB in steps of 8×.
 */
public final class MpjNativeAllreduce {
    private MpjNativeAllreduce() {
    }

    public static void main(String[] args) {
        List<Long> sizes = new ArrayList<>(List.of(8L, 64L, 512L, 4L << 10, 32L << 10, 256L << 10, 2L << 20,
                16L << 20, 64L << 20));
        int warmup = 3;
        int iters = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes":
                    sizes.clear();
                    for (String s : args[++i].split(",")) {
                        sizes.add(Sizes.parseBytes(s));
                    }
                    break;
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--iters": iters = Integer.parseInt(args[++i]); break;
                default:
                    System.err.println("mpj-native allreduce: unknown argument '" + args[i]
                            + "' (use --sizes, --warmup, --iters)");
                    System.exit(2);
            }
        }
        try (Communicator comm = Concord.init()) {
            if (!comm.transportName().equals("mpj")) {
                System.err.println("mpj-native allreduce needs CONCORD_TRANSPORT=mpj (concord run --transport mpj)");
                System.exit(2);
            }
            run(comm, sizes, warmup, iters);
        }
    }

    private static void run(Communicator comm, List<Long> sizes, int warmup, int fixedIters) {
        int np = comm.size();
        if (comm.rank() == 0) {
            System.out.println("collective,algorithm,transport,np,bytes,median_us,min_us,algbw_GBps,busbw_GBps");
        }
        long largest = sizes.stream().mapToLong(Long::longValue).max().orElse(8);
        double[] send = new double[(int) Math.max(1, largest / Double.BYTES)];
        double[] recv = new double[send.length];
        Arrays.fill(send, 1e-3);
        long[] elapsed = new long[1];
        long[] slowest = new long[1];
        for (long bytes : sizes) {
            int count = (int) (bytes / Double.BYTES);
            int iters = fixedIters > 0 ? fixedIters : bytes <= (1 << 20) ? 20 : bytes <= (8 << 20) ? 10 : 5;
            long[] times = new long[iters];
            for (int i = 0; i < warmup + iters; i++) {
                MPI.COMM_WORLD.Barrier();
                long t0 = System.nanoTime();
                MPI.COMM_WORLD.Allreduce(send, 0, recv, 0, count, MPI.DOUBLE, MPI.SUM);
                elapsed[0] = System.nanoTime() - t0;
                MPI.COMM_WORLD.Allreduce(elapsed, 0, slowest, 0, 1, MPI.LONG, MPI.MAX);
                if (i >= warmup) {
                    times[i - warmup] = slowest[0];
                }
            }
            Arrays.sort(times);
            double median = times[iters / 2] / 1e3;
            double min = times[0] / 1e3;
            double algbw = median == 0 ? 0 : bytes / (median * 1e3);
            double busbw = np == 1 ? 0 : algbw * 2.0 * (np - 1) / np;
            if (comm.rank() == 0) {
                System.out.printf(Locale.ROOT, "allreduce,mpj-native,mpj,%d,%d,%.2f,%.2f,%.4f,%.4f%n", np, bytes, median,
                        min, algbw, busbw);
            }
        }
    }
}
