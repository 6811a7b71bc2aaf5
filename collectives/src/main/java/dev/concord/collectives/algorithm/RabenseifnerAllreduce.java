package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.ReservedChannel;

/**
 * Rabenseifner's AllReduce: after {@link PowerOfTwoFold folding}, a recursive-halving
 * reduce-scatter (partners {@code v ^ q/2, v ^ q/4, ...} each keep one half of their window and
 * send the other, so virtual rank {@code v} ends owning reduced chunk {@code v} of {@link Chunks}
 * over {@code q}), then the recursive-doubling allgather of {@link RecursiveDoublingAllgather}.
 * {@code 2 log2 q} rounds and about {@code 2 n} elements per rank: good for medium buffers.
 * Each element is reduced by exactly one rank per round, in a fixed order. Temporaries: {@code
 * count} elements of {@link Scratch} (half of them after the fold).
 */
public final class RabenseifnerAllreduce implements AllreduceAlgorithm {
    private final Communicator comm;
    private final ReservedChannel net;
    private final Scratch scratch;
    private final PowerOfTwoFold fold;
    private final int[] bounds;

    public RabenseifnerAllreduce(Communicator comm, Scratch scratch) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
        this.scratch = scratch;
        this.fold = new PowerOfTwoFold(comm.size());
        this.bounds = new int[fold.q + 1];
    }

    @Override
    public void allreduce(Object buf, int off, int count, ElementType type, ReduceOp op) {
        if (comm.size() == 1 || count == 0) {
            return;
        }
        Object tmp = scratch.get(type, count);
        int v = fold.foldReduce(comm, buf, off, count, type, op, tmp);
        if (v >= 0) {
            for (int i = 0; i <= fold.q; i++) {
                bounds[i] = Chunks.start(count, fold.q, i);
            }
            halve(buf, off, type, op, tmp, v);
            RecursiveDoublingAllgather.exchange(comm, fold, v, bounds, buf, off);
        }
        fold.unfold(comm, buf, off, count);
    }

    private void halve(Object buf, int off, ElementType type, ReduceOp op, Object tmp, int v) {
        int lo = 0;
        int hi = fold.q;
        for (int dist = fold.q / 2; dist >= 1; dist >>= 1) {
            int partner = fold.actualRank(v ^ dist);
            int mid = (lo + hi) / 2;
            boolean lower = (v & dist) == 0;
            int keepLo = lower ? lo : mid;
            int keepHi = lower ? mid : hi;
            int sendLo = lower ? mid : lo;
            int sendHi = lower ? hi : mid;
            int keepLen = bounds[keepHi] - bounds[keepLo];
            net.sendrecv(partner, Tags.REDUCE_SCATTER, buf, off + bounds[sendLo], bounds[sendHi] - bounds[sendLo],
                    partner, Tags.REDUCE_SCATTER, tmp, 0, keepLen);
            op.apply(buf, off + bounds[keepLo], tmp, 0, keepLen, type);
            lo = keepLo;
            hi = keepHi;
        }
    }
}
