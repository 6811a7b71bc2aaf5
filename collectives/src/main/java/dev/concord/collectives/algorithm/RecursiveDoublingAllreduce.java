package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.ReservedChannel;

/**
 * Recursive-doubling AllReduce: after {@link PowerOfTwoFold folding}, {@code log2 q} rounds in
 * which partners {@code v} and {@code v ^ 2^k} swap their whole buffers and both combine them.
 * Both partners compute {@code op(lower block, upper block)} (the upper one combines into the
 * temporary and copies back), so they agree bitwise even for ops that are commutative only up to
 * rounding. Fewest rounds of any algorithm here, whole buffer per round: for small buffers.
 * Temporaries: {@code count} elements of {@link Scratch}.
 */
public final class RecursiveDoublingAllreduce implements AllreduceAlgorithm {
    private final Communicator comm;
    private final ReservedChannel net;
    private final Scratch scratch;
    private final PowerOfTwoFold fold;

    public RecursiveDoublingAllreduce(Communicator comm, Scratch scratch) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
        this.scratch = scratch;
        this.fold = new PowerOfTwoFold(comm.size());
    }

    @Override
    public void allreduce(Object buf, int off, int count, ElementType type, ReduceOp op) {
        if (comm.size() == 1 || count == 0) {
            return;
        }
        Object tmp = scratch.get(type, count);
        int v = fold.foldReduce(comm, buf, off, count, type, op, tmp);
        if (v >= 0) {
            for (int dist = 1; dist < fold.q; dist <<= 1) {
                int partner = fold.actualRank(v ^ dist);
                net.sendrecv(partner, Tags.RECURSIVE, buf, off, count, partner, Tags.RECURSIVE, tmp, 0, count);
                if ((v & dist) == 0) {
                    op.apply(buf, off, tmp, 0, count, type);
                } else {
                    op.apply(tmp, 0, buf, off, count, type);
                    System.arraycopy(tmp, 0, buf, off, count);
                }
            }
        }
        fold.unfold(comm, buf, off, count);
    }
}
