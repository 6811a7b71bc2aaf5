package dev.concord.models.train;

import java.util.List;

/**
 * A data-parallel model as the {@link TrainingLoop} drives it. Every step the loop zeroes the
 * model's {@link Statistics} buffer (doubles and exact int counts), lets the model fill it from its
 * shard ({@link #computeLocal}), sums it over all ranks, and hands the sum to {@link #update}. Every rank runs the same update on the same sums, so models stay identical on every
 * rank without any other communication.
 *
 * <p>Contract: {@code computeLocal} reads only the shard and the parameters and writes only the
 * buffer; {@code update} must be a deterministic function of the parameters and the buffer (no
 * rank-dependent input); neither allocates per step.
 */
public interface Model {
    /** A new statistics buffer of the sizes this model needs; the loop allocates one and reuses it. */
    Statistics newStatistics();

    /** Adds this rank's statistics at the point the model wants evaluated next into a cleared {@code buf}. */
    void computeLocal(Statistics buf);

    /** Applies the statistics summed over all ranks. */
    Step update(Statistics combined);

    /** Adds this rank's statistics at the current parameters (no update follows) into a cleared {@code buf}. */
    void evaluateLocal(Statistics buf);

    /** Takes the summed statistics of {@link #evaluateLocal} as the final metrics; parameters do not change. */
    void evaluated(Statistics combined);

    /** Names of the metrics, in the order {@link #metrics} writes them. */
    String[] metricNames();

    /** Writes the current metric values into {@code out[0, metricNames().length)}. */
    void metrics(double[] out);

    /** The parameters as named arrays (for model files). */
    ModelState state();

    /**
     * Everything needed to continue bit-exactly from this sync point: the parameters plus
     * optimiser memory, epoch counters, convergence state and the last metrics. Called only at
     * sync points, where it is the same on every rank.
     */
    ModelState checkpoint();

    /**
     * Continues from a {@link #checkpoint()} of a model built with the same configuration, possibly
     * by a run with another world size (the data shard may differ; the state may not).
     */
    void restore(ModelState state);

    /**
     * This rank's own state at a sync point, for its checkpoint shard: arrays keyed by global data
     * position (e.g. LDA's topic assignments by document id), so that {@link #restoreLocal} can
     * pick out its rows whatever world size wrote them. Empty for models whose state is all in
     * {@link #checkpoint()}.
     */
    default ModelState localCheckpoint() {
        return new ModelState();
    }

    /**
     * Restores this rank's own state from the {@link #localCheckpoint()}s of the shards (written by
     * any world size) that cover this rank's rows; called after {@link #restore}.
     */
    default void restoreLocal(List<ModelState> shards) {
    }
}
