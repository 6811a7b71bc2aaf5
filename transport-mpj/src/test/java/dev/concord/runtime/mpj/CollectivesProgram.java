package dev.concord.runtime.mpj;

import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.bootstrap.Concord;

/**
 * Rank program for {@link MpjTransportIT}: Concord's allreduce (sum, max on doubles; sum on longs),
 * broadcast from every root and allgather, for counts 0, 1, 7 and 100 003 (not divisible by any
 * world size), checked against closed forms. Prints "ok" on success.
 */
public final class CollectivesProgram {
    private static final int[] COUNTS = {0, 1, 7, 100_003};

    private CollectivesProgram() {
    }

    public static void main(String[] args) {
        try (Communicator comm = Concord.init()) {
            Collectives c = Collectives.of(comm);
            int n = comm.size();
            int me = comm.rank();
            for (int count : COUNTS) {
                double[] d = new double[count];
                long[] l = new long[count];
                for (int i = 0; i < count; i++) {
                    d[i] = me + i * 0.25;
                    l[i] = (long) me << 32 | i;
                }
                c.allreduce(d, 0, count, ReduceOp.SUM);
                c.allreduce(l, 0, count, ReduceOp.SUM);
                for (int i = 0; i < count; i++) {
                    check(d[i] == n * (n - 1) / 2.0 + n * i * 0.25, "double sum at " + i + " (count " + count + ")");
                    check(l[i] == ((long) n * (n - 1) / 2 << 32) + (long) n * i, "long sum at " + i);
                }
                double[] m = new double[count];
                java.util.Arrays.fill(m, -me);
                c.allreduce(m, 0, count, ReduceOp.MAX);
                for (int i = 0; i < count; i++) {
                    check(m[i] == 0, "max at " + i);
                }
                for (int root = 0; root < n; root++) {
                    int[] b = new int[count];
                    if (me == root) {
                        for (int i = 0; i < count; i++) {
                            b[i] = root * 1000 + i;
                        }
                    }
                    c.broadcast(b, 0, count, root);
                    for (int i = 0; i < count; i++) {
                        check(b[i] == root * 1000 + i, "broadcast from " + root + " at " + i);
                    }
                }
                float[] mine = new float[count];
                java.util.Arrays.fill(mine, me + 1);
                float[] all = new float[count * n];
                c.allgather(mine, 0, count, all, 0);
                for (int i = 0; i < count * n; i++) {
                    check(all[i] == i / count + 1, "allgather at " + i);
                }
            }
            c.barrier();
            System.out.println("ok collectives size=" + n);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed on rank: " + what);
        }
    }
}
