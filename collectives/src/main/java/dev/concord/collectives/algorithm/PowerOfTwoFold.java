package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.ReservedChannel;

/**
 * The standard reduction of a world of {@code p} ranks to {@code q} = the largest power of two
 * {@code <= p} for the recursive algorithms. With {@code rem = p - q}, each even rank below
 * {@code 2 rem} hands its data to the odd rank above it and sits out; the odd one takes virtual
 * rank {@code r/2}, ranks {@code >= 2 rem} take {@code r - rem}. Virtual order follows actual
 * order, so "lower virtual rank" means "lower actual rank". At the end {@link #unfold} copies the
 * result back to the ranks that sat out.
 */
public final class PowerOfTwoFold {
    final int size;
    /** The largest power of two {@code <= size}. */
    public final int q;
    /** {@code size - q}: ranks below {@code 2 rem} fold in pairs. */
    public final int rem;

    public PowerOfTwoFold(int size) {
        this.size = size;
        this.q = Integer.highestOneBit(size);
        this.rem = size - q;
    }

    /** Virtual rank of {@code rank}, or -1 if it sits out. */
    public int virtualRank(int rank) {
        if (rank < 2 * rem) {
            return (rank & 1) == 1 ? rank / 2 : -1;
        }
        return rank - rem;
    }

    /** Actual rank of virtual rank {@code v}. */
    public int actualRank(int v) {
        return v < rem ? 2 * v + 1 : v + rem;
    }

    /** First actual rank whose data virtual rank {@code v} holds after folding (2v or v+rem). */
    int firstMember(int v) {
        return v < rem ? 2 * v : v + rem;
    }

    /** Folds by reduction: the odd rank computes {@code op(own, even's)}. Returns the virtual rank. */
    int foldReduce(Communicator comm, Object buf, int off, int count, ElementType type, ReduceOp op, Object tmp) {
        int r = comm.rank();
        ReservedChannel net = ReservedChannel.of(comm);
        if (r < 2 * rem) {
            if ((r & 1) == 0) {
                net.send(r + 1, Tags.FOLD, buf, off, count);
            } else {
                net.recv(r - 1, Tags.FOLD, tmp, 0, count);
                op.apply(buf, off, tmp, 0, count, type);
            }
        }
        return virtualRank(r);
    }

    /** Sends the odd rank's final buffer to the even rank that sat out. */
    void unfold(Communicator comm, Object buf, int off, int count) {
        int r = comm.rank();
        ReservedChannel net = ReservedChannel.of(comm);
        if (r < 2 * rem) {
            if ((r & 1) == 1) {
                net.send(r - 1, Tags.FOLD, buf, off, count);
            } else {
                net.recv(r + 1, Tags.FOLD, buf, off, count);
            }
        }
    }
}
