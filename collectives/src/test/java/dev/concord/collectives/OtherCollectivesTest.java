package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.concord.collectives.algorithm.BinomialBroadcast;
import dev.concord.collectives.algorithm.Chunks;
import dev.concord.collectives.algorithm.RecursiveDoublingAllgather;
import dev.concord.collectives.algorithm.RingAllgather;
import dev.concord.collectives.algorithm.ScatterAllgatherBroadcast;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Broadcast, reduce, allgather, reduce-scatter, gather, scatter and barrier for world sizes 1..8. */
class OtherCollectivesTest {
    static final int[] COUNTS = {0, 1, 7, 1000, 65537};
    static final ElementType[] ALL_TYPES = ElementType.values();

    static IntStream worlds() {
        return IntStream.rangeClosed(1, 8);
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

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldBroadcastFromEveryRootWithBothAlgorithms(int n) {
        LocalCluster.of(n).run(comm -> {
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
                            expectItems(buf, 1, count, root, "broadcast#" + algo + " root " + root + " " + type.describe(count)
                                    + " on rank " + comm.rank());
                            assertEquals(99, Values.get(buf, 0));
                            assertEquals(99, Values.get(buf, count + 1));
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldReduceToEveryRoot(int n) {
        LocalCluster.of(n).run(comm -> {
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
        });
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldAllgatherWithBothAlgorithms(int n) {
        LocalCluster.of(n).run(comm -> {
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
        });
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldReduceScatterIntoEachRanksChunk(int n) {
        LocalCluster.of(n).run(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            for (int count : COUNTS) {
                for (ElementType type : Values.TYPES) {
                    for (ReduceOp op : Values.OPS) {
                        Object buf = Values.input(type, op, comm.rank(), 0, count);
                        c.reduceScatter(buf, 0, count, op);
                        int from = Chunks.start(count, n, comm.rank());
                        int to = Chunks.start(count, n, comm.rank() + 1);
                        for (int i = from; i < to; i++) {
                            long want = Values.expected(op, n, i);
                            if (Values.get(buf, i) != want) {
                                throw new AssertionError("reduceScatter " + type.describe(count) + " " + op + " rank "
                                        + comm.rank() + " index " + i + " holds " + Values.get(buf, i) + ", expected " + want);
                            }
                        }
                    }
                }
            }
        });
    }

    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldGatherAndScatterAtEveryRoot(int n) {
        LocalCluster.of(n).run(comm -> {
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
        });
    }

    @ParameterizedTest(name = "checkCalls={0}")
    @ValueSource(booleans = {true, false})
    void shouldNotLeaveBarrierBeforeEveryRankArrived(boolean checkCalls) {
        for (int n = 1; n <= 8; n++) {
            AtomicIntegerArray arrived = new AtomicIntegerArray(n);
            int size = n;
            LocalCluster.of(n).run(comm -> {
                Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withCheckCalls(checkCalls));
                for (int round = 1; round <= 3; round++) {
                    Thread.sleep(((comm.rank() * 7 + round) % size) * 3L);
                    arrived.set(comm.rank(), round);
                    c.barrier();
                    for (int p = 0; p < size; p++) {
                        assertTrue(arrived.get(p) >= round, "rank " + comm.rank() + " left barrier " + round
                                + " before rank " + p + " arrived");
                    }
                    c.barrier();
                }
            });
        }
    }

    static Stream<Arguments> realTransports() {
        return Stream.of(Arguments.of(Transport.TCP, 3), Arguments.of(Transport.TCP, 4), Arguments.of(Transport.SHM, 3),
                Arguments.of(Transport.SHM, 4), Arguments.of(Transport.SHM, 8));
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("realTransports")
    void shouldRunEveryCollectiveOverRealTransports(Transport transport, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults());
            int count = 65537;
            Object buf = filled(ElementType.DOUBLE, comm.rank() == 1 ? 1 : 50, 0, count);
            c.broadcast(buf, 0, count, 1);
            expectItems(buf, 0, count, 1, "tcp broadcast");
            Object recv = new int[n * count];
            c.allgather(filled(ElementType.INT, comm.rank(), 0, count), 0, count, recv, 0);
            for (int p = 0; p < n; p++) {
                expectItems(recv, p * count, count, p, "tcp allgather block " + p);
            }
            Object r = Values.input(ElementType.LONG, ReduceOp.SUM, comm.rank(), 0, count);
            c.reduce(r, 0, count, ReduceOp.SUM, n - 1);
            if (comm.rank() == n - 1) {
                Values.verify(r, ReduceOp.SUM, n, comm.rank(), 0, count, "tcp reduce");
            }
            c.barrier();
        });
    }
}
