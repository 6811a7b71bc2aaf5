package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ReservedChannel;

/**
 * Dissemination barrier (Hensgen, Finkel and Manber): in round {@code k} rank {@code r} signals
 * {@code r + 2^k} and waits for {@code r - 2^k}. After {@code ceil(log2 p)} rounds every rank has
 * heard, directly or not, from every other, so none leaves before all have arrived. Works for any
 * world size; messages are empty.
 */
public final class DisseminationBarrier {
    private final Communicator comm;
    private final ReservedChannel net;
    private final byte[] token = new byte[0];
    private final byte[] received = new byte[0];

    public DisseminationBarrier(Communicator comm) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
    }

    public void barrier() {
        int n = comm.size();
        int r = comm.rank();
        for (int dist = 1; dist < n; dist <<= 1) {
            net.sendrecv(Chunks.mod(r + dist, n), Tags.BARRIER, token, 0, 0,
                    Chunks.mod(r - dist, n), Tags.BARRIER, received, 0, 0);
        }
    }
}
