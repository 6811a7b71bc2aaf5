package dev.concord.models.train;

import dev.concord.collectives.Collectives;
import dev.concord.collectives.ReduceOp;
import java.util.Arrays;

/**
 * The buffer a {@link Model} fills each step and the {@link TrainingLoop} sums over all ranks: a
 * {@code double[]} part (sums of real-valued statistics, gradients, log-likelihood terms) and an
 * {@code int[]} part (exact count deltas, e.g. LDA's word-topic counts). Both are allocated once;
 * a step may reduce only a prefix of each part ({@link #use}), so a model whose steps need
 * different statistics does not pay for the parts it left unused.
 */
public final class Statistics {
    private final double[] doubles;
    private final int[] ints;
    private int doublesInUse;
    private int intsInUse;

    /** A buffer of {@code doubles} doubles and {@code ints} ints. */
    public Statistics(int doubles, int ints) {
        if (doubles < 0 || ints < 0) {
            throw new IllegalArgumentException("statistics lengths must be >= 0, got " + doubles + " doubles, "
                    + ints + " ints");
        }
        this.doubles = new double[doubles];
        this.ints = new int[ints];
        this.doublesInUse = doubles;
        this.intsInUse = ints;
    }

    /** A buffer of doubles only. */
    public static Statistics ofDoubles(int length) {
        return new Statistics(length, 0);
    }

    /** The double part (live). */
    public double[] doubles() {
        return doubles;
    }

    /** The int part (live). */
    public int[] ints() {
        return ints;
    }

    /** This step reduces only {@code doubles[0, d)} and {@code ints[0, i)}; reset by {@link #clear}. */
    public void use(int d, int i) {
        if (d < 0 || d > doubles.length || i < 0 || i > ints.length) {
            throw new IllegalArgumentException("cannot use " + d + " doubles and " + i + " ints of a buffer of "
                    + doubles.length + " and " + ints.length);
        }
        doublesInUse = d;
        intsInUse = i;
    }

    /** Zeroes both parts and marks them wholly in use. */
    public void clear() {
        Arrays.fill(doubles, 0.0);
        Arrays.fill(ints, 0);
        doublesInUse = doubles.length;
        intsInUse = ints.length;
    }

    /** Sums the parts in use over all ranks, in place (collective: every rank calls it with the same lengths). */
    public void allreduce(Collectives coll) {
        if (doublesInUse > 0) {
            coll.allreduce(doubles, 0, doublesInUse, ReduceOp.SUM);
        }
        if (intsInUse > 0) {
            coll.allreduce(ints, 0, intsInUse, ReduceOp.SUM);
        }
    }
}
