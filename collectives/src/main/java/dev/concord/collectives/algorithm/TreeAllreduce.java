package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;

/**
 * AllReduce as {@link BinomialReduce} to rank 0 followed by {@link BinomialBroadcast}: {@code
 * 2 ceil(log2 p)} rounds of whole-buffer messages. Rank 0 reduces in a fixed order and the
 * broadcast copies, so all ranks end bitwise identical.
 */
public final class TreeAllreduce implements AllreduceAlgorithm {
    private final BinomialReduce reduce;
    private final BinomialBroadcast broadcast;

    public TreeAllreduce(Communicator comm, Scratch scratch) {
        this.reduce = new BinomialReduce(comm, scratch);
        this.broadcast = new BinomialBroadcast(comm);
    }

    @Override
    public void allreduce(Object buf, int off, int count, ElementType type, ReduceOp op) {
        reduce.reduce(buf, off, count, type, op, 0);
        broadcast.broadcast(buf, off, count, 0);
    }
}
