package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.Request;
import dev.concord.runtime.ReservedChannel;
import dev.concord.runtime.TypedBuffer;

/**
 * Gather to {@code root}: every rank's {@code count} elements land in rank order in the root's
 * receive buffer. The root posts all receives at once (straight into place) and then waits:
 * {@code p-1} messages into one rank, which for the world sizes Concord targets beats a tree's
 * extra copies.
 */
public final class LinearGather {
    private final Communicator comm;
    private final ReservedChannel net;
    private final Request[] receives;

    public LinearGather(Communicator comm) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
        this.receives = new Request[comm.size()];
    }

    /** {@code recv} and {@code roff} matter only on the root. */
    public void gather(Object send, int soff, int count, Object recv, int roff, int root) {
        int n = comm.size();
        int r = comm.rank();
        if (count == 0) {
            return;
        }
        if (r != root) {
            net.send(root, Tags.GATHER, send, soff, count);
            return;
        }
        for (int p = 0; p < n; p++) {
            if (p != r) {
                receives[p] = net.irecv(p, Tags.GATHER, recv, roff + p * count, count);
            }
        }
        if (send != recv || soff != roff + r * count) {
            TypedBuffer.copy(send, soff, recv, roff + r * count, count, ElementType.of(send));
        }
        for (int p = 0; p < n; p++) {
            if (p != r) {
                receives[p].await();
                receives[p].release();
                receives[p] = null;
            }
        }
    }
}
