package dev.concord.collectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.concord.collectives.algorithm.Chunks;
import dev.concord.collectives.exact.ExactSum;
import dev.concord.collectives.exact.ExactSumTest;
import dev.concord.runtime.testkit.LocalCluster;
import dev.concord.runtime.testkit.LocalCluster.Transport;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reproducible mode: the same terms give the same bits for every world size and algorithm. */
class ReproducibleTest {
    static final int N = 1_000_000;
    static final int SUMS = 16;
    static double[] data;
    static double[] exact;

    @BeforeAll
    static void makeData() {
        Random rnd = new Random(2026);
        data = new double[N];
        for (int i = 0; i < N; i++) {
            data[i] = (rnd.nextBoolean() ? -1 : 1) * Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(601) - 300);
        }
        BigInteger[] sums = new BigInteger[SUMS];
        java.util.Arrays.fill(sums, BigInteger.ZERO);
        for (int i = 0; i < N; i++) {
            sums[i % SUMS] = sums[i % SUMS].add(ExactSumTest.fixed(data[i]));
        }
        exact = new double[SUMS];
        for (int j = 0; j < SUMS; j++) {
            exact[j] = ExactSumTest.toDouble(sums[j]);
        }
    }

    @Test
    void shouldSumTheSameMillionDoublesToTheSameBitsForEveryWorldSizeAndAlgorithm() {
        for (int n = 1; n <= 8; n++) {
            for (AllreduceKind kind : AllreduceKind.values()) {
                int np = n;
                List<double[]> results = LocalCluster.of(np).call(comm -> {
                    Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withAllreduce(kind).withReproducible(true));
                    ExactSum sums = new ExactSum(SUMS);
                    for (int i = Chunks.start(N, np, comm.rank()); i < Chunks.start(N, np, comm.rank() + 1); i++) {
                        sums.add(i % SUMS, data[i]);
                    }
                    c.allreduce(sums);
                    double[] out = new double[SUMS];
                    sums.round(out, 0);
                    return out;
                });
                for (int r = 0; r < np; r++) {
                    assertArrayEquals(exact, results.get(r), kind + " np=" + np + " rank " + r);
                }
            }
        }
    }

    @Test
    void shouldMakeDoubleSumAllreduceExactForEveryAlgorithm() {
        int m = 5000;
        for (int n = 1; n <= 8; n++) {
            double[] want = new double[m];
            for (int j = 0; j < m; j++) {
                BigInteger s = BigInteger.ZERO;
                for (int r = 0; r < n; r++) {
                    s = s.add(ExactSumTest.fixed(data[r * m + j]));
                }
                want[j] = ExactSumTest.toDouble(s);
            }
            for (AllreduceKind kind : AllreduceKind.values()) {
                for (boolean reversed : new boolean[] {false, true}) {
                    int np = n;
                    List<double[]> results = LocalCluster.of(np).call(comm -> {
                        Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withAllreduce(kind).withReproducible(true));
                        int row = reversed ? np - 1 - comm.rank() : comm.rank();
                        double[] buf = new double[m + 2];
                        System.arraycopy(data, row * m, buf, 1, m);
                        c.allreduce(buf, 1, m, ReduceOp.SUM);
                        assertEquals(0.0, buf[0]);
                        assertEquals(0.0, buf[m + 1]);
                        return java.util.Arrays.copyOfRange(buf, 1, m + 1);
                    });
                    for (int r = 0; r < np; r++) {
                        assertArrayEquals(want, results.get(r), kind + " np=" + np + " reversed=" + reversed + " rank " + r);
                    }
                }
            }
        }
    }

    @Test
    void shouldWorkOverTcp() {
        List<Double> sums = LocalCluster.of(3).transport(Transport.TCP).call(comm -> {
            Collectives c = Collectives.of(comm, CollectiveOptions.defaults().withReproducible(true));
            ExactSum s = new ExactSum(SUMS);
            for (int i = Chunks.start(N, 3, comm.rank()); i < Chunks.start(N, 3, comm.rank() + 1); i++) {
                s.add(i % SUMS, data[i]);
            }
            c.allreduce(s);
            return s.get(5);
        });
        for (double v : sums) {
            assertEquals(exact[5], v);
        }
    }
}
