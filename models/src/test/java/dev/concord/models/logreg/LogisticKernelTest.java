package dev.concord.models.logreg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.concord.models.data.CsrMatrix;
import dev.concord.models.data.DenseMatrix;
import dev.concord.models.data.Shard;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The dense softmax path gives the same bits as the generic row-by-row path (here over CSR rows). */
class LogisticKernelTest {

    @ParameterizedTest(name = "K={0} d={1} seed={2}")
    @CsvSource({"3, 5, 1", "10, 64, 2", "26, 16, 3", "7, 1, 4"})
    void shouldGiveTheSameStatisticsOnDenseAndSparseRows(int classes, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 200;
        double[] values = new double[n * d];
        int[] labels = new int[n];
        int[] rowPtr = new int[n + 1];
        int[] indices = new int[n * d];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(classes);
            for (int j = 0; j < d; j++) {
                // no zeros: CSR then stores every entry, so both paths add the same products
                values[i * d + j] = (r.nextDouble() + 0.01) * (r.nextBoolean() ? 1 : -1) * Math.pow(4, r.nextInt(-3, 3));
                indices[i * d + j] = j;
            }
            rowPtr[i + 1] = (i + 1) * d;
        }
        Shard dense = new Shard("dense", new DenseMatrix(n, d, values), labels, classes, 0, n);
        Shard sparse = new Shard("csr", new CsrMatrix(n, d, rowPtr, indices, values.clone()), labels, classes, 0, n);
        LogisticKernel kernel = new LogisticKernel(classes, d);
        double[] p = new double[kernel.parameters()];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextGaussian();
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (i * 37) % n;
        }
        for (int[] o : new int[][] {null, order}) {
            for (boolean gradient : new boolean[] {true, false}) {
                double[] a = new double[kernel.bufferLength()];
                double[] b = new double[kernel.bufferLength()];
                kernel.accumulate(dense, o, 10, 190, p, a, gradient);
                kernel.accumulate(sparse, o, 10, 190, p, b, gradient);
                assertArrayEquals(b, a, 0.0, "order " + (o != null) + " gradient " + gradient);
            }
        }
    }
}
