package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.ReservedChannel;
import dev.concord.runtime.TypedBuffer;

/**
 * Scatter from {@code root}: rank {@code p} receives elements {@code [p*count, (p+1)*count)} of
 * the root's send buffer. The root starts all sends at once and then waits for them.
 */
public final class LinearScatter {
    private final Communicator comm;
    private final ReservedChannel net;
    private final PendingSends sends = new PendingSends();

    public LinearScatter(Communicator comm) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
    }

    /** {@code send} and {@code soff} matter only on the root. */
    public void scatter(Object send, int soff, int count, Object recv, int roff, int root) {
        int n = comm.size();
        int r = comm.rank();
        if (count == 0) {
            return;
        }
        if (r != root) {
            net.recv(root, Tags.SCATTER, recv, roff, count);
            return;
        }
        for (int p = 0; p < n; p++) {
            if (p != r) {
                sends.add(net.isend(p, Tags.SCATTER, send, soff + p * count, count));
            }
        }
        if (send != recv || roff != soff + r * count) {
            TypedBuffer.copy(send, soff + r * count, recv, roff, count, ElementType.of(send));
        }
        sends.awaitAll();
    }
}
