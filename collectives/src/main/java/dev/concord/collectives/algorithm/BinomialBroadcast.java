package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ReservedChannel;

/**
 * Binomial-tree broadcast from {@code root}: {@code ceil(log2 p)} rounds, the whole buffer in
 * every message. Latency-optimal, so it is the choice for small buffers; large ones use {@link
 * ScatterAllgatherBroadcast}.
 */
public final class BinomialBroadcast {
    private final Communicator comm;
    private final ReservedChannel net;

    public BinomialBroadcast(Communicator comm) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
    }

    public void broadcast(Object buf, int off, int count, int root) {
        int n = comm.size();
        if (n == 1 || count == 0) {
            return;
        }
        int v = Chunks.mod(comm.rank() - root, n);
        int mask = 1;
        while (mask < n) {
            if ((v & mask) != 0) {
                net.recv(Chunks.mod(v - mask + root, n), Tags.BROADCAST, buf, off, count);
                break;
            }
            mask <<= 1;
        }
        for (mask >>= 1; mask > 0; mask >>= 1) {
            if (v + mask < n) {
                net.send(Chunks.mod(v + mask + root, n), Tags.BROADCAST, buf, off, count);
            }
        }
    }
}
