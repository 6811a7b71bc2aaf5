package dev.concord.models.kmeans;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.DenseMatrix;
import dev.concord.models.data.FeatureHasher;
import dev.concord.models.data.Shard;

/**
 * A sample of at most about {@code target} rows, gathered to every rank in global row order. A row
 * is in the sample when a hash of (seed, global row number) falls below {@code target / n}, so the
 * sample does not depend on how many ranks there are. Two allgathers (counts, then rows padded to
 * the largest count).
 */
public final class RowSample {
    private RowSample() {
    }

    /** The sampled rows, row-major ({@code rows x d}). */
    public static double[] gather(Shard shard, int target, long seed, Collectives coll) {
        DenseMatrix x = shard.features().toDense();
        int d = x.cols();
        long n = shard.totalRows();
        double rate = Math.min(1.0, (double) target / n);
        int[] picked = new int[x.rows()];
        int count = 0;
        for (int i = 0; i < x.rows(); i++) {
            if (rate >= 1.0 || uniform(seed, shard.firstRow() + i) < rate) {
                picked[count++] = i;
            }
        }
        int size = coll.communicator().size();
        int[] counts = new int[size];
        coll.allgather(new int[] {count}, 0, 1, counts, 0);
        int max = 0;
        int total = 0;
        for (int c : counts) {
            max = Math.max(max, c);
            total += c;
        }
        double[] mine = new double[max * d];
        for (int t = 0; t < count; t++) {
            System.arraycopy(x.data(), picked[t] * d, mine, t * d, d);
        }
        double[] all = new double[size * max * d];
        coll.allgather(mine, 0, max * d, all, 0);
        double[] out = new double[total * d];
        int at = 0;
        for (int r = 0; r < size; r++) {
            System.arraycopy(all, r * max * d, out, at, counts[r] * d);
            at += counts[r] * d;
        }
        return out;
    }

    /** A uniform number in [0, 1) determined by (seed, row). */
    static double uniform(long seed, long row) {
        long h = ((long) FeatureHasher.column(row ^ (seed * 0x9E3779B97F4A7C15L), 30) << 23)
                ^ FeatureHasher.column(row + 0x632BE59BD9B4E019L * (seed + 1), 23);
        return (h & ((1L << 53) - 1)) / (double) (1L << 53);
    }
}
