package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.ElementType;

/**
 * An in-place AllReduce: on return every rank's {@code buf[off..off+count)} holds the reduction
 * of all ranks' inputs, bitwise identical on every rank, in an order fixed by the algorithm and
 * the world size (never by message arrival). Every rank must call it with the same count, type
 * and op.
 */
public interface AllreduceAlgorithm {
    void allreduce(Object buf, int off, int count, ElementType type, ReduceOp op);
}
