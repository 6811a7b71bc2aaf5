package dev.concord.collectives;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;

/**
 * Collective operations of one communicator. Every rank must call the same collectives in the
 * same order with matching arguments. Buffers are primitive arrays ({@code double[]},
 * {@code float[]}, {@code long[]}, {@code int[]}; {@code byte[]} where no reduction is involved),
 * addressed as {@code (array, offset, count)} in elements.
 *
 * <p>Interim implementation (binomial trees, linear gathers) that fixes the API; the real
 * algorithms and the selector replace its insides.
 */
public final class Collectives {
    /** First tag of the range reserved for collectives. */
    static final int TAG_BASE = Communicator.MAX_USER_TAG + 1;

    private final Communicator comm;

    private Collectives(Communicator comm) {
        this.comm = comm;
    }

    /** Collectives over {@code comm}. */
    public static Collectives of(Communicator comm) {
        return new Collectives(comm);
    }

    public Communicator communicator() {
        return comm;
    }

    /** In place: every rank's {@code buf[off..off+count)} becomes the reduction over all ranks. */
    public void allreduce(Object buf, int off, int count, ReduceOp op) {
        reduce(buf, off, count, op, 0);
        broadcast(buf, off, count, 0);
    }

    /** Reduction over all ranks into {@code buf} of rank {@code root}; other ranks' buffers are scratch. */
    public void reduce(Object buf, int off, int count, ReduceOp op, int root) {
        int n = comm.size();
        int me = (comm.rank() - root + n) % n;
        ElementType type = ElementType.of(buf);
        Object tmp = java.lang.reflect.Array.newInstance(buf.getClass().getComponentType(), count);
        for (int mask = 1; mask < n; mask <<= 1) {
            if ((me & mask) != 0) {
                comm.send((me - mask + root) % n, TAG_BASE + 1, buf, off, count);
                return;
            }
            if (me + mask < n) {
                comm.recv((me + mask + root) % n, TAG_BASE + 1, tmp, 0, count);
                op.apply(buf, off, tmp, 0, count, type);
            }
        }
    }

    /** Copies {@code buf[off..off+count)} of rank {@code root} to every rank. */
    public void broadcast(Object buf, int off, int count, int root) {
        int n = comm.size();
        int me = (comm.rank() - root + n) % n;
        int mask = 1;
        while (mask < n) {
            if ((me & mask) != 0) {
                comm.recv((me - mask + root) % n, TAG_BASE + 2, buf, off, count);
                break;
            }
            mask <<= 1;
        }
        mask >>= 1;
        while (mask > 0) {
            if (me + mask < n) {
                comm.send((me + mask + root) % n, TAG_BASE + 2, buf, off, count);
            }
            mask >>= 1;
        }
    }

    /** Every rank's {@code count} elements, in rank order, land in every rank's {@code recv[roff..roff+size*count)}. */
    public void allgather(Object send, int soff, int count, Object recv, int roff) {
        int n = comm.size();
        System.arraycopy(send, soff, recv, roff + comm.rank() * count, count);
        for (int p = 0; p < n; p++) {
            if (p != comm.rank()) {
                comm.isend(p, TAG_BASE + 3, send, soff, count);
            }
        }
        for (int p = 0; p < n; p++) {
            if (p != comm.rank()) {
                comm.recv(p, TAG_BASE + 3, recv, roff + p * count, count);
            }
        }
    }

    /** Returns when every rank has called it. */
    public void barrier() {
        int[] token = new int[1];
        allreduce(token, 0, 1, ReduceOp.SUM);
    }
}
