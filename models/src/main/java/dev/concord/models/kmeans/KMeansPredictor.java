package dev.concord.models.kmeans;

import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.Collectives;
import dev.concord.models.data.Shard;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Predictor;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.StatisticsSum;

/** k-means applied to data: {@code inertia}; nearest centre per row. */
public final class KMeansPredictor implements Predictor {
    private final double[] centres;
    private final int k;

    public KMeansPredictor(ModelState state) {
        this.centres = state.get("centers").doubles();
        this.k = (int) state.get("centers").shape()[0];
    }

    @Override
    public JsonObject score(Shard shard, Collectives coll) {
        KMeansModel model = new KMeansModel(shard.dense(), centres, k, 0);
        Statistics stats = model.newStatistics();
        new StatisticsSum(coll).evaluate(model, stats);
        double[] buf = stats.doubles();
        return new JsonObject().put("inertia", buf[0]);
    }

    @Override
    public int[] predict(Shard shard) {
        return new KMeansModel(shard.dense(), centres, k, 0).nearest();
    }
}
