package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.ReservedChannel;

/**
 * Large-message broadcast (van de Geijn): a binomial scatter gives the rank at relative position
 * {@code v} chunk {@code v} ({@link Chunks} over the world), then {@link RingAllgather} with shift
 * {@code root} completes every buffer. About {@code 2(p-1)/p} of the buffer crosses each link,
 * against {@code log2 p} whole copies for {@link BinomialBroadcast}.
 */
public final class ScatterAllgatherBroadcast {
    private final Communicator comm;
    private final ReservedChannel net;
    private final RingAllgather allgather;

    public ScatterAllgatherBroadcast(Communicator comm, int segmentBytes) {
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
        this.allgather = new RingAllgather(comm, segmentBytes);
    }

    public void broadcast(Object buf, int off, int count, int elementSize, int root) {
        int n = comm.size();
        if (n == 1 || count == 0) {
            return;
        }
        int v = Chunks.mod(comm.rank() - root, n);
        int mask = 1;
        while (mask < n) {
            if ((v & mask) != 0) {
                int from = Chunks.start(count, n, v);
                int to = Chunks.start(count, n, Math.min(v + mask, n));
                net.recv(Chunks.mod(v - mask + root, n), Tags.SCATTER, buf, off + from, to - from);
                break;
            }
            mask <<= 1;
        }
        for (mask >>= 1; mask > 0; mask >>= 1) {
            if (v + mask < n) {
                int from = Chunks.start(count, n, v + mask);
                int to = Chunks.start(count, n, Math.min(v + 2 * mask, n));
                net.send(Chunks.mod(v + mask + root, n), Tags.SCATTER, buf, off + from, to - from);
            }
        }
        allgather.allgather(buf, off, count, elementSize, root);
    }
}
