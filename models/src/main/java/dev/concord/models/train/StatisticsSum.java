package dev.concord.models.train;

import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import dev.concord.collectives.exact.ExactSum;
import java.util.Arrays;

/**
 * Sums per-row statistics over every rank: this rank's part ({@link #local}), then one AllReduce
 * ({@link #allreduce}). Plain mode adds in floating point, row after row, and sums the ranks'
 * partial sums with the collectives' AllReduce, so the last bits depend on where the rank
 * boundaries fall. Reproducible mode ({@link dev.concord.collectives.CollectiveOptions#reproducible()}
 * of the collectives) adds every row's terms exactly into an {@link ExactSum}, sums the integer
 * limbs over the ranks and rounds once: the result is the correctly rounded sum of all rows'
 * terms, the same bits for any world size. Its cost is {@value ExactSum#LIMBS} longs per
 * statistic in memory and on the wire and an exact add per row and statistic.
 *
 * <p>Statistics that are not per-row sums (an SGD step's) are added in floating point in both
 * modes; the collectives' reproducible AllReduce still makes their cross-rank sum order-independent.
 * Not thread-safe; allocates only when the statistics length changes.
 */
public final class StatisticsSum {
    /**
     * Most statistics summed exactly: 70 MiB of limbs per rank, and as many exact adds per row.
     * Beyond it (e.g. {@code --hash-features 2^20}) reproducible mode would run for hours; it
     * fails fast instead.
     */
    public static final int MAX_EXACT_STATISTICS = 1 << 17;

    private final Collectives coll;
    private final boolean exact;
    private ExactSum sums = new ExactSum(0);
    private double[] row = new double[0];
    private boolean limbsPending;

    public StatisticsSum(Collectives coll) {
        this.coll = coll;
        this.exact = coll.options().reproducible();
    }

    /** Whether sums are exact (reproducible mode). */
    public boolean exact() {
        return exact;
    }

    /**
     * Sets {@code buf} to this rank's part of {@code model}'s statistics, at its next point or
     * ({@code evaluate}) its current one; exactly for a {@link FullBatchModel} in reproducible mode.
     */
    public void local(Model model, boolean evaluate, Statistics buf) {
        buf.clear();
        if (exact && model instanceof FullBatchModel m) {
            // one small allocation per iteration, in reproducible mode only
            local(evaluate ? m::evaluateRows : m::computeRows, m.localRows(), buf.doubles());
            return;
        }
        if (evaluate) {
            model.evaluateLocal(buf);
        } else {
            model.computeLocal(buf);
        }
        limbsPending = false;
    }

    /** Sets {@code buf} to this rank's part of the statistics of {@code rows} local rows. */
    public void local(RowStatistics stats, int rows, double[] buf) {
        if (!exact) {
            Arrays.fill(buf, 0.0);
            stats.add(0, rows, buf);
            limbsPending = false;
            return;
        }
        prepare(buf.length);
        for (int i = 0; i < rows; i++) {
            Arrays.fill(row, 0.0);
            stats.add(i, i + 1, row);
            sums.addAll(row, 0, row.length);
        }
        limbsPending = true;
    }

    /** Collective: turns the preceding {@link #local} part in {@code buf} into the sum over all ranks. */
    public void allreduce(double[] buf) {
        if (!limbsPending) {
            coll.allreduce(buf, 0, buf.length, ReduceOp.SUM);
            return;
        }
        coll.allreduce(sums);
        sums.round(buf, 0);
        limbsPending = false;
    }

    /** Collective: turns the preceding {@link #local(Model, boolean, Statistics)} part into the sum over all ranks. */
    public void allreduce(Statistics buf) {
        if (!limbsPending) {
            buf.allreduce(coll);
            return;
        }
        allreduce(buf.doubles()); // a full-batch model's statistics are all doubles
    }

    /** Collective: {@code buf} becomes {@code model}'s statistics at its current parameters, summed over all ranks. */
    public void evaluate(Model model, Statistics buf) {
        local(model, true, buf);
        allreduce(buf);
    }

    /** Collective: {@link #local} then {@link #allreduce}. */
    public void sum(RowStatistics stats, int rows, double[] buf) {
        local(stats, rows, buf);
        allreduce(buf);
    }

    private void prepare(int length) {
        if (length > MAX_EXACT_STATISTICS) {
            throw new IllegalArgumentException("--reproducible sums each row's " + length + " statistics exactly ("
                    + ExactSum.LIMBS * 8 + " bytes and one exact add per row each), more than the "
                    + MAX_EXACT_STATISTICS + " it allows; use a smaller model (e.g. fewer --hash-features) or drop "
                    + "--reproducible");
        }
        if (sums.width() != length) {
            sums = new ExactSum(length);
            row = new double[length];
        }
        sums.clear();
    }
}
