package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ReservedChannel;

/**
 * Recursive-doubling allgather, in place, for any world size: rank {@code r} starts with chunk
 * {@code r} ({@link Chunks} of {@code count}) and in {@code log2 q} rounds swaps ever larger
 * aligned blocks with partner {@code v ^ 2^k}. In a world that is not a power of two each
 * sitting-out even rank first gives its chunk to the odd rank above it (the two chunks are
 * adjacent, so the pair acts as one virtual rank owning one contiguous block) and gets the whole
 * buffer back at the end. Few rounds: for small buffers; {@link RingAllgather} for large ones.
 */
public final class RecursiveDoublingAllgather {
    private final Communicator comm;
    private final ReservedChannel net;
    private final PowerOfTwoFold fold;
    private final int[] bounds;

    public RecursiveDoublingAllgather(Communicator comm) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
        this.fold = new PowerOfTwoFold(comm.size());
        this.bounds = new int[fold.q + 1];
    }

    public void allgather(Object buf, int off, int count) {
        int n = comm.size();
        if (n == 1 || count == 0) {
            return;
        }
        int r = comm.rank();
        if (r < 2 * fold.rem) {
            int from = Chunks.start(count, n, r);
            int len = Chunks.size(count, n, r);
            if ((r & 1) == 0) {
                net.send(r + 1, Tags.FOLD, buf, off + from, len);
            } else {
                net.recv(r - 1, Tags.FOLD, buf, off + Chunks.start(count, n, r - 1), Chunks.size(count, n, r - 1));
            }
        }
        int v = fold.virtualRank(r);
        if (v >= 0) {
            for (int i = 0; i < fold.q; i++) {
                bounds[i] = Chunks.start(count, n, fold.firstMember(i));
            }
            bounds[fold.q] = count;
            exchange(comm, fold, v, bounds, buf, off);
        }
        fold.unfold(comm, buf, off, count);
    }

    /**
     * The doubling rounds among the {@code fold.q} virtual ranks, where virtual rank {@code i}
     * owns elements {@code [bounds[i], bounds[i+1])}; shared with {@link RabenseifnerAllreduce}.
     */
    static void exchange(Communicator comm, PowerOfTwoFold fold, int v, int[] bounds, Object buf, int off) {
        ReservedChannel net = ReservedChannel.of(comm);
        for (int dist = 1; dist < fold.q; dist <<= 1) {
            int partner = fold.actualRank(v ^ dist);
            int mine = v & ~(dist - 1);
            int theirs = (v ^ dist) & ~(dist - 1);
            int sendFrom = bounds[mine];
            int recvFrom = bounds[theirs];
            net.sendrecv(partner, Tags.ALLGATHER, buf, off + sendFrom, bounds[mine + dist] - sendFrom,
                    partner, Tags.ALLGATHER, buf, off + recvFrom, bounds[theirs + dist] - recvFrom);
        }
    }
}
