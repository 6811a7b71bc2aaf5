package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;

/**
 * Binomial-tree reduce to {@code root}: {@code ceil(log2 p)} rounds; in round {@code k} the rank
 * at relative position {@code v} with bit {@code k} set sends its partial result to {@code
 * v - 2^k} and drops out. A parent always combines {@code op(own, child)} in increasing {@code k},
 * so the order is fixed. Only the root's buffer holds the result; the others' buffers are
 * overwritten with partial results. Temporaries: {@code count} elements of {@link Scratch}.
 */
public final class BinomialReduce {
    private final Communicator comm;
    private final Scratch scratch;

    public BinomialReduce(Communicator comm, Scratch scratch) {
        this.comm = comm;
        this.scratch = scratch;
    }

    public void reduce(Object buf, int off, int count, ElementType type, ReduceOp op, int root) {
        int n = comm.size();
        if (n == 1 || count == 0) {
            return;
        }
        int v = Chunks.mod(comm.rank() - root, n);
        Object tmp = scratch.get(type, count);
        for (int mask = 1; mask < n; mask <<= 1) {
            if ((v & mask) != 0) {
                comm.send(Chunks.mod(v - mask + root, n), Tags.REDUCE, buf, off, count);
                return;
            }
            if (v + mask < n) {
                comm.recv(Chunks.mod(v + mask + root, n), Tags.REDUCE, tmp, 0, count);
                op.apply(buf, off, tmp, 0, count, type);
            }
        }
    }
}
