package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.runtime.ElementType;
import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every AllReduce algorithm x world size 1..8 x count x op x type, against closed forms. */
class AllreduceTest {
    static final int HUGE = CollectivesSuite.HUGE;

    static Stream<Arguments> algorithmsAndWorlds() {
        List<Arguments> out = new ArrayList<>();
        for (AllreduceKind k : AllreduceKind.values()) {
            for (int n = 1; n <= 8; n++) {
                out.add(Arguments.of(k, n));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("algorithmsAndWorlds")
    void shouldReduceEveryOpTypeAndCount(AllreduceKind kind, int n) {
        LocalCluster.of(n).run(comm -> CollectivesSuite.allreduceEveryOpTypeAndCount(comm, kind));
    }

    /** Every algorithm over real TCP and real shared memory, at world sizes that exercise it (8 ranks over shm). */
    static Stream<Arguments> realTransportCases() {
        List<Arguments> out = new ArrayList<>();
        for (Transport t : new Transport[] {Transport.TCP, Transport.SHM}) {
            out.add(Arguments.of(t, AllreduceKind.RING, 3));
            out.add(Arguments.of(t, AllreduceKind.RABENSEIFNER, 5));
            out.add(Arguments.of(t, AllreduceKind.RECURSIVE_DOUBLING, 4));
            out.add(Arguments.of(t, AllreduceKind.TREE, 6));
        }
        out.add(Arguments.of(Transport.SHM, AllreduceKind.RING, 8));
        out.add(Arguments.of(Transport.SHM, AllreduceKind.RABENSEIFNER, 7));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} np={2}")
    @MethodSource("realTransportCases")
    void shouldReduceOverRealTransports(Transport transport, AllreduceKind kind, int n) {
        LocalCluster.of(n).transport(transport).run(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withAllreduce(kind));
            for (int count : new int[] {0, 7, 65537, HUGE}) {
                for (ElementType type : Values.TYPES) {
                    ReduceOp op = count == HUGE ? ReduceOp.SUM : Values.OPS[count % Values.OPS.length];
                    if (count == HUGE && type != ElementType.DOUBLE) {
                        continue;
                    }
                    Object buf = Values.input(type, op, comm.rank(), 2, count);
                    c.allreduce(buf, 2, count, op);
                    Values.verify(buf, op, n, comm.rank(), 2, count, transport + " " + kind + " " + type.describe(count));
                }
            }
        });
    }

    @ParameterizedTest(name = "{0} np={1}")
    @MethodSource("algorithmsAndWorlds")
    void shouldGiveBitwiseIdenticalResultsOnEveryRankAndEveryRun(AllreduceKind kind, int n) {
        if (n < 3 || n == 4) {
            return; // the interesting cases: inexact sums, folding and uneven chunks
        }
        int count = 3001;
        List<double[]> first = randomSums(kind, n, count);
        List<double[]> second = randomSums(kind, n, count);
        for (int r = 0; r < n; r++) {
            assertArrayEquals(first.get(0), first.get(r), "rank " + r + " differs from rank 0");
            assertArrayEquals(first.get(r), second.get(r), "rank " + r + " differs between runs");
        }
        assertEquals(count, first.get(0).length);
    }

    static Stream<Arguments> worlds() {
        return Stream.of(1, 2, 3, 4, 5, 6, 7, 8).map(Arguments::of);
    }

    /**
     * Checked small AllReduces travel in the call check's messages; they must give exactly the
     * bits of the plain recursive-doubling algorithm (checking off), for every type, and counts
     * on both sides of the fused limit.
     */
    @ParameterizedTest(name = "np={0}")
    @MethodSource("worlds")
    void shouldGiveTheSameBitsFusedWithTheCallCheckAsWithout(int n) {
        int[] counts = {1, 7, CallCheck.FUSED_ELEMENTS, CallCheck.FUSED_ELEMENTS + 1};
        List<List<Object>> results = LocalCluster.of(n).call(comm -> {
            List<Object> out = new ArrayList<>();
            for (boolean checked : new boolean[] {true, false}) {
                Collectives c = Collectives.of(comm, CollectiveOptions.defaults()
                        .withAllreduce(AllreduceKind.RECURSIVE_DOUBLING).withCheckCalls(checked));
                Random rnd = new Random(7 + comm.rank());
                for (int count : counts) {
                    double[] d = new double[count + 2];
                    float[] f = new float[count];
                    long[] l = new long[count];
                    int[] k = new int[count];
                    for (int i = 0; i < count; i++) {
                        d[i + 2] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6);
                        f[i] = (float) rnd.nextGaussian();
                        l[i] = rnd.nextLong();
                        k[i] = rnd.nextInt();
                    }
                    c.allreduce(d, 2, count, ReduceOp.SUM);
                    c.allreduce(f, 0, count, ReduceOp.PROD);
                    c.allreduce(l, 0, count, ReduceOp.SUM);
                    c.allreduce(k, 0, count, ReduceOp.MAX);
                    out.add(d);
                    out.add(f);
                    out.add(l);
                    out.add(k);
                }
            }
            return out;
        });
        for (int r = 0; r < n; r++) {
            List<Object> mine = results.get(r);
            int half = mine.size() / 2;
            for (int i = 0; i < half; i++) {
                String what = "np=" + n + " rank " + r + " result " + i;
                assertArrayEquals(toBits(mine.get(i + half)), toBits(mine.get(i)), what + ": fused differs from plain");
                assertArrayEquals(toBits(results.get(0).get(i)), toBits(mine.get(i)), what + ": differs from rank 0");
            }
        }
    }

    private static long[] toBits(Object a) {
        if (a instanceof double[]) {
            return java.util.Arrays.stream((double[]) a).mapToLong(Double::doubleToRawLongBits).toArray();
        }
        if (a instanceof float[]) {
            float[] f = (float[]) a;
            long[] out = new long[f.length];
            for (int i = 0; i < f.length; i++) {
                out[i] = Float.floatToRawIntBits(f[i]);
            }
            return out;
        }
        if (a instanceof int[]) {
            return java.util.Arrays.stream((int[]) a).asLongStream().toArray();
        }
        return (long[]) a;
    }

    private static List<double[]> randomSums(AllreduceKind kind, int n, int count) {
        return LocalCluster.of(n).call(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withAllreduce(kind));
            Random rnd = new Random(42 + comm.rank());
            double[] x = new double[count];
            float[] f = new float[count];
            for (int i = 0; i < count; i++) {
                x[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12) - 6);
                f[i] = (float) x[i];
            }
            c.allreduce(x, 0, count, ReduceOp.SUM);
            c.allreduce(f, 0, count, ReduceOp.PROD);
            double[] out = x.clone();
            for (int i = 0; i < count; i++) {
                out[i] += f[i] * 0; // fold the float result in bitwise below
                out[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(out[i]) ^ Float.floatToRawIntBits(f[i]));
            }
            return out;
        });
    }
}
