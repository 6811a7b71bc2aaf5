package dev.concord.models.gmm;

import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.Collectives;
import dev.concord.models.data.Shard;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Predictor;
import dev.concord.models.train.Statistics;
import dev.concord.models.train.StatisticsSum;

/** A Gaussian mixture applied to data: {@code avg_log_likelihood}; most likely component per row. */
public final class GmmPredictor implements Predictor {
    private final ModelState state;

    public GmmPredictor(ModelState state) {
        this.state = state;
    }

    @Override
    public JsonObject score(Shard shard, Collectives coll) {
        GmmModel model = GmmModel.fromState(shard.dense(), state);
        Statistics stats = model.newStatistics();
        new StatisticsSum(coll).evaluate(model, stats);
        double[] buf = stats.doubles();
        return new JsonObject().put("avg_log_likelihood", buf[0] / shard.totalRows());
    }

    @Override
    public int[] predict(Shard shard) {
        return GmmModel.fromState(shard.dense(), state).components();
    }
}
