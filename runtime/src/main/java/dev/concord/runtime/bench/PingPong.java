package dev.concord.runtime.bench;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.Sizes;
import dev.concord.runtime.bootstrap.Concord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Ping-pong between ranks 0 and 1, measured the way {@code ../shared/bench/ompi/allreduce_bench.c}
 * measures Open MPI: warm-up (0.5 s of round trips per size, for the JIT), batches of k round trips sized to ~2 ms, samples for a time budget;
 * one-way time = round trip / 2; bandwidth = bytes / one-way time (GB = 1e9 B).
 *
 * <p>Args: {@code [--sizes 8,8M,64M] [--budget SECONDS] [--format table|csv]}. Other ranks idle.
 */
public final class PingPong {
    private static final int TAG = 77;
    private static final long WARMUP_NANOS = 500_000_000L;

    private PingPong() {
    }

    public static void main(String[] args) {
        List<Long> sizes = new ArrayList<>(List.of(8L, 8L << 20, 64L << 20));
        double budget = 0.5;
        String format = "table";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sizes": sizes = parseSizes(args[++i]); break;
                case "--budget": budget = Double.parseDouble(args[++i]); break;
                case "--format": format = args[++i]; break;
                default:
                    System.err.println("pingpong: unknown argument '" + args[i] + "' (use --sizes, --budget, --format)");
                    System.exit(2);
            }
        }
        try (Communicator comm = Concord.init()) {
            if (comm.size() < 2) {
                System.err.println("pingpong needs at least 2 ranks, got " + comm.size());
                System.exit(2);
            }
            run(comm, sizes, budget, format);
        }
    }

    static List<Long> parseSizes(String text) {
        List<Long> out = new ArrayList<>();
        for (String s : text.split(",")) {
            out.add(Sizes.parseBytes(s));
        }
        return out;
    }

    /** Runs every size on ranks 0 and 1 and prints from rank 0. */
    public static void run(Communicator comm, List<Long> sizes, double budgetSeconds, String format) {
        if (comm.rank() == 0 && format.equals("csv")) {
            System.out.println("benchmark,transport,bytes,oneway_median_us,oneway_min_us,bw_median_GBps,bw_best_GBps");
        } else if (comm.rank() == 0) {
            System.out.printf(Locale.ROOT, "%-10s %12s %12s %12s %12s   (%s, one-way; GB = 1e9 B)%n", "size",
                    "median_us", "min_us", "GB/s", "best_GB/s", comm.transportName());
        }
        for (long bytes : sizes) {
            byte[] buf = new byte[(int) bytes];
            double[] t = measure(comm, buf, budgetSeconds);
            if (comm.rank() == 0) {
                double med = t[0] * 1e6;
                double min = t[1] * 1e6;
                if (format.equals("csv")) {
                    System.out.printf(Locale.ROOT, "pingpong,%s,%d,%.3f,%.3f,%.4f,%.4f%n", comm.transportName(), bytes,
                            med, min, bytes / t[0] / 1e9, bytes / t[1] / 1e9);
                } else {
                    System.out.printf(Locale.ROOT, "%-10s %12.2f %12.2f %12.3f %12.3f%n", Sizes.format(bytes), med, min,
                            bytes / t[0] / 1e9, bytes / t[1] / 1e9);
                }
            }
        }
    }

    /** {median, min} one-way seconds for ranks 0 and 1; both learn them. */
    private static double[] measure(Communicator comm, byte[] buf, double budget) {
        int me = comm.rank();
        if (me > 1) {
            return new double[2];
        }
        int peer = 1 - me;
        // warm-up: round trips for WARMUP_NANOS (rank 0 decides, tells rank 1), so that the JIT has
        // compiled the send/receive path before anything is timed, as it has in a long job
        long warmStart = System.nanoTime();
        long[] more = {1};
        while (more[0] == 1) {
            roundTrip(comm, me, peer, buf, 1);
            more[0] = System.nanoTime() - warmStart < WARMUP_NANOS ? 1 : 0;
            rank0Decides(comm, more, TAG + 3);
        }
        // calibrate a batch to ~2 ms (rank 0 decides, tells rank 1)
        long[] k = {1};
        while (true) {
            long t0 = System.nanoTime();
            roundTrip(comm, me, peer, buf, (int) k[0]);
            long dt = System.nanoTime() - t0;
            long next = dt >= 2_000_000 || k[0] >= 1 << 16 ? 0 : k[0] * 2;
            long[] decision = {next};
            rank0Decides(comm, decision, TAG + 1);
            if (decision[0] == 0) {
                break;
            }
            k[0] = decision[0];
        }
        int batch = (int) k[0];
        List<Double> samples = new ArrayList<>();
        long start = System.nanoTime();
        long[] go = {1};
        while (go[0] == 1) {
            long t0 = System.nanoTime();
            roundTrip(comm, me, peer, buf, batch);
            double oneWay = (System.nanoTime() - t0) / 1e9 / batch / 2;
            samples.add(oneWay);
            go[0] = samples.size() < 5 || (System.nanoTime() - start) / 1e9 < budget && samples.size() < 10_000 ? 1 : 0;
            rank0Decides(comm, go, TAG + 2);
        }
        double[] s = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return new double[] {s[s.length / 2], s[0]};
    }

    /** Rank 0's value of {@code decision[0]} replaces rank 1's: timing decisions must agree. */
    private static void rank0Decides(Communicator comm, long[] decision, int tag) {
        if (comm.rank() == 0) {
            comm.send(1, tag, decision);
        } else {
            comm.recv(0, tag, decision);
        }
    }

    private static void roundTrip(Communicator comm, int me, int peer, byte[] buf, int times) {
        for (int i = 0; i < times; i++) {
            if (me == 0) {
                comm.send(peer, TAG, buf);
                comm.recv(peer, TAG, buf);
            } else {
                comm.recv(peer, TAG, buf);
                comm.send(peer, TAG, buf);
            }
        }
    }
}
