package dev.concord.collectives.exact;

import dev.concord.collectives.ReduceOp;
import dev.concord.collectives.algorithm.AllreduceAlgorithm;
import dev.concord.runtime.ElementType;

/**
 * Double SUM AllReduce with results independent of world size and algorithm: the buffer is
 * processed in blocks of {@value #BLOCK} elements; each block is converted to an {@link
 * ExactSum}, its limbs are summed by an integer AllReduce with the given algorithm, and each sum
 * is rounded once. Cost: {@link ExactSum#LIMBS} times the bytes of a plain AllReduce (the blocks
 * bound the temporaries to {@code BLOCK * LIMBS} longs, about 1.1 MiB).
 */
public final class ReproducibleAllreduce {
    /** Elements converted and reduced at a time. */
    public static final int BLOCK = 2048;

    private ExactSum sums;

    public void allreduce(double[] buf, int off, int count, AllreduceAlgorithm algorithm) {
        if (count == 0) {
            return;
        }
        if (sums == null) {
            sums = new ExactSum(BLOCK);
        }
        for (int done = 0; done < count; done += BLOCK) {
            int n = Math.min(BLOCK, count - done);
            sums.clear();
            sums.addAll(buf, off + done, n);
            sums.normalize();
            algorithm.allreduce(sums.limbs(), 0, n * ExactSum.LIMBS, ElementType.LONG, ReduceOp.SUM);
            sums.normalize();
            for (int i = 0; i < n; i++) {
                buf[off + done + i] = sums.get(i);
            }
        }
    }
}
