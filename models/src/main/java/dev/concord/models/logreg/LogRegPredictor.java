package dev.concord.models.logreg;

import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.Collectives;
import dev.concord.models.data.Shard;
import dev.concord.models.train.ModelState;
import dev.concord.models.train.Predictor;

/** Logistic regression applied to data: {@code log_loss}, {@code accuracy}; predicted labels. */
public final class LogRegPredictor implements Predictor {
    private final ModelState state;

    public LogRegPredictor(ModelState state) {
        this.state = state;
    }

    @Override
    public JsonObject score(Shard shard, Collectives coll) {
        double[] m = LogRegTrainer.evaluate(shard, state, coll);
        return new JsonObject().put("log_loss", m[0]).put("accuracy", m[1]);
    }

    @Override
    public int[] predict(Shard shard) {
        // Labels as the training file wrote them (-1/+1, 0..K-1 or 1..K), not internal class ids.
        int[] classes = LogRegTrainer.predict(shard, state);
        for (int i = 0; i < classes.length; i++) {
            classes[i] = shard.labelRule().labelOf(classes[i]);
        }
        return classes;
    }
}
