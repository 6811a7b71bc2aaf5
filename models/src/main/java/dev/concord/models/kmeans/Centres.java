package dev.concord.models.kmeans;

import dev.concord.collectives.Collectives;
import dev.concord.models.data.Shard;
import dev.concord.runtime.EchoedFailure;

/** Starting centres, the same on every rank; collective. */
public final class Centres {
    private Centres() {
    }

    /** {@code k x d} centres chosen by {@code method}; k-means++ runs on rank 0 and is broadcast. */
    public static double[] initial(Shard shard, int k, InitMethod method, int sampleSize, long seed, Collectives coll) {
        if (shard.totalRows() < k) {
            throw EchoedFailure.unlessReporter(new IllegalArgumentException(shard.source() + ": " + shard.totalRows()
                    + " rows cannot seed k = " + k + " centres"), 0, coll.communicator().rank()); // every rank's
        }
        if (method == InitMethod.EVENLY_SPACED_ROWS) {
            return GlobalRows.fetch(shard, GlobalRows.evenlySpaced(shard.totalRows(), k), coll);
        }
        int d = shard.features().cols();
        double[] sample = RowSample.gather(shard, sampleSize, seed, coll);
        double[] centres = coll.communicator().rank() == 0 ? KMeansPlusPlus.choose(sample, d, k, seed)
                : new double[k * d];
        coll.broadcast(centres, 0, centres.length, 0);
        return centres;
    }
}
