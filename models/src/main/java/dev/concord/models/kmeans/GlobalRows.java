package dev.concord.models.kmeans;

import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import dev.concord.models.data.DenseMatrix;
import dev.concord.models.data.Shard;
import dev.concord.models.train.StatisticsSum;

/** Whole-data-set facts every rank needs at initialisation, each one collective call. */
public final class GlobalRows {
    private GlobalRows() {
    }

    /** Global row numbers {@code floor(j * n / k)} for j = 0..k-1. */
    public static long[] evenlySpaced(long n, int k) {
        long[] rows = new long[k];
        for (int j = 0; j < k; j++) {
            rows[j] = Math.floorDiv(Math.multiplyExact((long) j, n), k);
        }
        return rows;
    }

    /**
     * The given global rows, row-major, on every rank: each owner copies its rows into a zeroed
     * buffer and one AllReduce (sum, exact since all other contributions are zero) assembles them.
     */
    public static double[] fetch(Shard shard, long[] rows, Collectives coll) {
        DenseMatrix x = shard.features().toDense();
        int d = x.cols();
        double[] out = new double[rows.length * d];
        for (int j = 0; j < rows.length; j++) {
            long local = rows[j] - shard.firstRow();
            if (local >= 0 && local < shard.rows()) {
                System.arraycopy(x.data(), (int) local * d, out, j * d, d);
            }
        }
        coll.allreduce(out, 0, out.length, ReduceOp.SUM);
        return out;
    }

    /** Mean of every column over all ranks. */
    public static double[] mean(Shard shard, Collectives coll) {
        DenseMatrix x = shard.features().toDense();
        int d = x.cols();
        double[] sum = new double[d];
        new StatisticsSum(coll).sum((from, to, b) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < d; j++) {
                    b[j] += x.data()[i * d + j];
                }
            }
        }, x.rows(), sum);
        for (int j = 0; j < d; j++) {
            sum[j] /= shard.totalRows();
        }
        return sum;
    }

    /** Variance of every column around {@code mean} with divisor n (the covariance's diagonal, in O(n d)). */
    public static double[] variances(Shard shard, double[] mean, Collectives coll) {
        DenseMatrix x = shard.features().toDense();
        int d = x.cols();
        double[] v = new double[d];
        new StatisticsSum(coll).sum((from, to, b) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < d; j++) {
                    double t = x.data()[i * d + j] - mean[j];
                    b[j] += t * t;
                }
            }
        }, x.rows(), v);
        for (int j = 0; j < d; j++) {
            v[j] /= shard.totalRows();
        }
        return v;
    }

    /** Covariance of all rows around {@code mean} with divisor n, d x d row-major. */
    public static double[] covariance(Shard shard, double[] mean, Collectives coll) {
        DenseMatrix x = shard.features().toDense();
        int d = x.cols();
        double[] c = new double[d * d];
        double[] diff = new double[d];
        new StatisticsSum(coll).sum((from, to, s) -> {
            for (int i = from; i < to; i++) {
                for (int j = 0; j < d; j++) {
                    diff[j] = x.data()[i * d + j] - mean[j];
                }
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        s[a * d + b] += diff[a] * diff[b];
                    }
                }
            }
        }, x.rows(), c);
        for (int i = 0; i < c.length; i++) {
            c[i] /= shard.totalRows();
        }
        return c;
    }
}
