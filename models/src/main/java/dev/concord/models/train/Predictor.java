package dev.concord.models.train;

import dev.concord.checkpoints.JsonObject;
import dev.concord.collectives.Collectives;
import dev.concord.models.data.Shard;
import dev.concord.models.gmm.GmmPredictor;
import dev.concord.models.kmeans.KMeansPredictor;
import dev.concord.models.logreg.LogRegPredictor;

/** A trained model applied to data: its metric over all ranks, and a prediction per local row. */
public interface Predictor {
    /** The model's metrics on every rank's shard (collective). */
    JsonObject score(Shard shard, Collectives coll);

    /** Label (as the training file writes its classes), component or cluster of every local row. */
    int[] predict(Shard shard);

    /** The predictor for a model file's {@code model} kind. */
    static Predictor of(String kind, ModelFile model) {
        switch (kind == null ? "" : kind) {
            case "logreg":
                return new LogRegPredictor(model.state());
            case "gmm":
                return new GmmPredictor(model.state());
            case "kmeans":
                return new KMeansPredictor(model.state());
            case "lda":
            case "plsa":
                throw new IllegalArgumentException("predict does not score " + kind + " models: use 'concord lda-topics"
                        + " MODEL --vocab FILE' for the topics, 'train lda --test-data FILE' for held-out perplexity");
            default:
                throw new IllegalArgumentException("model file holds unknown model '" + kind + "'");
        }
    }
}
