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
    static final int[] COUNTS = {0, 1, 7, 1000, 65537};
    static final int HUGE = 1 << 20;

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
        LocalCluster.of(n).run(comm -> {
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
        });
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
