package dev.concord.collectives;

import dev.concord.collectives.algorithm.BinomialBroadcast;
import dev.concord.collectives.algorithm.Chunks;
import dev.concord.collectives.algorithm.RecursiveDoublingAllgather;
import dev.concord.collectives.algorithm.RingAllgather;
import dev.concord.collectives.algorithm.ScatterAllgatherBroadcast;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;

/**
 * The collectives conformance suite as rank programs: each method runs on every rank of one
 * communicator, whatever carries it (the in-JVM world, TCP, MPJ Express), and throws an
 * AssertionError naming rank, call and index on the first wrong element. The JUnit tests of this
 * module run it over {@code LocalCluster}s; transports in other modules run {@link #all} in real
 * processes.
 */
public final class CollectivesSuite {
    static final int[] COUNTS = {0, 1, 7, 1000, 65537};
    static final int HUGE = 1 << 20;
    static final ElementType[] ALL_TYPES = ElementType.values();

    private CollectivesSuite() {
    }

    /** Every collective, every AllReduce algorithm, op, type and count, and one mismatch. */
    public static void all(Communicator comm) {
        for (AllreduceKind kind : AllreduceKind.values()) {
            allreduceEveryOpTypeAndCount(comm, kind);
        }
        broadcastFromEveryRoot(comm);
        reduceToEveryRoot(comm);
        allgatherBothAlgorithms(comm);
        reduceScatterEachChunk(comm);
        gatherAndScatterEveryRoot(comm);
        mismatchOnEveryRank(comm);
        Collectives.of(comm, CollectiveOptions.defaults()).barrier();
    }

    /** Distinct per (rank, index), small enough for every type including byte. */
    static long item(int rank, int i) {
        return (rank * 13 + i * 7) % 120;
    }

    static Object filled(ElementType type, int rank, int off, int count) {
        Object buf = Values.newArray(type, off + count + 1);
        for (int i = 0; i < off + count + 1; i++) {
            Values.set(buf, i, i < off || i == off + count ? 99 : item(rank, i - off));
        }
        return buf;
    }

    static void expectItems(Object buf, int off, int count, int rank, String what) {
        for (int i = 0; i < count; i++) {
            if (Values.get(buf, off + i) != item(rank, i)) {
                throw new AssertionError(what + ": index " + i + " holds " + Values.get(buf, off + i)
                        + ", expected " + item(rank, i) + " (rank " + rank + "'s data)");
            }
        }
    }

    static void expectEqual(double want, double got, String what) {
        if (want != got) {
            throw new AssertionError(what + ": expected " + want + ", got " + got);
        }
    }

    public static void allreduceEveryOpTypeAndCount(Communicator comm, AllreduceKind kind) {
        int n = comm.size();
        Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withAllreduce(kind));
        int combo = 0;
        for (int count : COUNTS) {
            for (ElementType type : Values.TYPES) {
                for (ReduceOp op : Values.OPS) {
                    int off = combo++ % 3;
                    String what = kind + " np=" + n + " " + type.describe(count) + " " + op + " off=" + off;
                    Object buf = Values.input(type, op, comm.rank(), off, count);
                    if (combo % 2 == 0) {
                        c.allreduce(buf, off, count, op);
                    } else {
                        Object in = Values.input(type, op, comm.rank(), off, count);
                        Object out = Values.input(type, op, -1, off, count);
                        c.allreduce(in, off, out, off, count, op);
                        buf = out;
                    }
                    Values.verify(buf, op, n, comm.rank(), off, count, what);
                }
            }
        }
        // the huge count for every type with SUM and two more ops: the full product would take minutes
        ReduceOp[] hugeOps = {ReduceOp.SUM, ReduceOp.SUM, ReduceOp.SUM, ReduceOp.SUM, ReduceOp.MAX, Values.ABS_MAX};
        for (int h = 0; h < hugeOps.length; h++) {
            ElementType type = Values.TYPES[h % Values.TYPES.length];
            ReduceOp op = hugeOps[h];
            Object buf = Values.input(type, op, comm.rank(), 1, HUGE);
            c.allreduce(buf, 1, HUGE, op);
            Values.verify(buf, op, n, comm.rank(), 1, HUGE, kind + " np=" + n + " huge " + type + " " + op);
        }
    }

    public static void broadcastFromEveryRoot(Communicator comm) {
        int n = comm.size();
        Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
        BinomialBroadcast binomial = new BinomialBroadcast(comm);
        ScatterAllgatherBroadcast scatterAllgather = new ScatterAllgatherBroadcast(comm, 1024);
        for (int root = 0; root < n; root++) {
            for (int count : COUNTS) {
                for (ElementType type : ALL_TYPES) {
                    for (int algo = 0; algo < 3; algo++) {
                        Object buf = filled(type, comm.rank() == root ? root : 200, 1, count);
                        if (algo == 0) {
                            c.broadcast(buf, 1, count, root);
                        } else if (algo == 1) {
                            binomial.broadcast(buf, 1, count, root);
                        } else {
                            scatterAllgather.broadcast(buf, 1, count, type.size(), root);
                        }
                        String what = "broadcast#" + algo + " root " + root + " " + type.describe(count)
                                + " on rank " + comm.rank();
                        expectItems(buf, 1, count, root, what);
                        expectEqual(99, Values.get(buf, 0), what + " guard before");
                        expectEqual(99, Values.get(buf, count + 1), what + " guard after");
                    }
                }
            }
        }
    }

    public static void reduceToEveryRoot(Communicator comm) {
        int n = comm.size();
        Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
        for (int root = 0; root < n; root++) {
            for (int count : COUNTS) {
                ElementType type = Values.TYPES[(root + count) % Values.TYPES.length];
                ReduceOp op = Values.OPS[(root * 3 + count) % Values.OPS.length];
                Object buf = Values.input(type, op, comm.rank(), 2, count);
                c.reduce(buf, 2, count, op, root);
                if (comm.rank() == root) {
                    Values.verify(buf, op, n, root, 2, count, "reduce to " + root + " " + type.describe(count) + " " + op);
                }
            }
        }
    }

    public static void allgatherBothAlgorithms(Communicator comm) {
        int n = comm.size();
        Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
        RingAllgather ring = new RingAllgather(comm, 4096);
        RecursiveDoublingAllgather rd = new RecursiveDoublingAllgather(comm);
        for (int count : COUNTS) {
            for (ElementType type : ALL_TYPES) {
                for (int algo = 0; algo < 3; algo++) {
                    Object send = filled(type, comm.rank(), 0, count);
                    Object recv = Values.newArray(type, n * count + 3);
                    if (algo == 0) {
                        c.allgather(send, 0, count, recv, 3);
                    } else {
                        System.arraycopy(send, 0, recv, 3 + comm.rank() * count, count);
                        if (algo == 1) {
                            ring.allgather(recv, 3, n * count, type.size(), 0);
                        } else {
                            rd.allgather(recv, 3, n * count);
                        }
                    }
                    for (int p = 0; p < n; p++) {
                        expectItems(recv, 3 + p * count, count, p, "allgather#" + algo + " " + type.describe(count)
                                + " block " + p + " on rank " + comm.rank());
                    }
                }
            }
        }
    }

    public static void reduceScatterEachChunk(Communicator comm) {
        int n = comm.size();
        Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
        for (int count : COUNTS) {
            for (ElementType type : Values.TYPES) {
                for (ReduceOp op : Values.OPS) {
                    Object buf = Values.input(type, op, comm.rank(), 0, count);
                    c.reduceScatter(buf, 0, count, op);
                    int from = Chunks.start(count, n, comm.rank());
                    int to = Chunks.start(count, n, comm.rank() + 1);
                    for (int i = from; i < to; i++) {
                        expectEqual(Values.expected(op, n, i), Values.get(buf, i), "reduceScatter "
                                + type.describe(count) + " " + op + " rank " + comm.rank() + " index " + i);
                    }
                }
            }
        }
    }

    public static void gatherAndScatterEveryRoot(Communicator comm) {
        int n = comm.size();
        Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
        for (int root = 0; root < n; root++) {
            for (int count : new int[] {0, 1, 1000, 65537}) {
                ElementType type = ALL_TYPES[(root + count) % ALL_TYPES.length];
                Object send = filled(type, comm.rank(), 0, count);
                Object all = Values.newArray(type, n * count + 1);
                c.gather(send, 0, count, all, 1, root);
                if (comm.rank() == root) {
                    for (int p = 0; p < n; p++) {
                        expectItems(all, 1 + p * count, count, p, "gather to " + root + " block " + p);
                    }
                }
                Object mine = Values.newArray(type, count);
                c.scatter(all, 1, count, mine, 0, root);
                expectItems(mine, 0, count, comm.rank(), "scatter from " + root + " on rank " + comm.rank());
            }
        }
    }

    /** The last rank allreduces 2000 doubles, the others 1000: every rank must throw naming both calls. */
    public static void mismatchOnEveryRank(Communicator comm) {
        if (comm.size() < 2) {
            return;
        }
        Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
        boolean odd = comm.rank() == comm.size() - 1;
        try {
            c.allreduce(new double[2000], 0, odd ? 2000 : 1000, ReduceOp.SUM);
            throw new AssertionError("rank " + comm.rank() + " saw no mismatch");
        } catch (CollectiveMismatchException e) {
            String m = e.getMessage();
            if (!m.contains("1000 doubles") || !m.contains("2000 doubles")) {
                throw new AssertionError("rank " + comm.rank() + ": mismatch message lacks a call: " + m);
            }
        }
        long[] one = {1};
        c.allreduce(one, 0, 1, ReduceOp.SUM);
        expectEqual(comm.size(), one[0], "allreduce after a mismatch");
    }
}
