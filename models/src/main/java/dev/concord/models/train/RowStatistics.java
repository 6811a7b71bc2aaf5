package dev.concord.models.train;

/** Adds the statistics of local rows {@code [from, to)} into a buffer; see {@link StatisticsSum}. */
@FunctionalInterface
public interface RowStatistics {
    void add(int from, int to, double[] buf);
}
