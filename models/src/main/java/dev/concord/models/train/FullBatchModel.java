package dev.concord.models.train;

/**
 * A {@link Model} whose statistics are a sum of one term per row of its shard (L-BFGS logistic
 * regression, Gaussian mixtures, k-means). Exposing the rows lets {@link StatisticsSum} add the
 * terms exactly in reproducible mode, which makes the model independent of how the rows are split
 * among ranks. {@link #computeLocal} and {@link #evaluateLocal} are the sums over all local rows.
 */
public interface FullBatchModel extends Model {
    /** Rows of this rank's shard. */
    int localRows();

    /** Adds the statistics of local rows {@code [from, to)} at the point to be evaluated next into {@code buf}. */
    void computeRows(int from, int to, double[] buf);

    /** Adds the statistics of local rows {@code [from, to)} at the current parameters into {@code buf}. */
    void evaluateRows(int from, int to, double[] buf);

    @Override
    default void computeLocal(Statistics buf) {
        computeRows(0, localRows(), buf.doubles());
    }

    @Override
    default void evaluateLocal(Statistics buf) {
        evaluateRows(0, localRows(), buf.doubles());
    }
}
