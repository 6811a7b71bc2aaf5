package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.Request;
import dev.concord.runtime.ReservedChannel;

/**
 * Ring reduce-scatter, in place: afterwards chunk {@code rank} ({@link Chunks} of {@code count}
 * over the world) of every rank's buffer holds the reduction of that chunk over all ranks; the
 * other chunks hold partial results.
 *
 * <p>In step {@code s} rank {@code r} sends chunk {@code r-s-1} to its right neighbour and
 * receives chunk {@code r-s-2} from its left, adding its own; that chunk is what it sends in step
 * {@code s+1}. Chunks move in segments of at most {@code segmentBytes}, in lock step: in
 * iteration {@code j} the rank starts sending segment {@code j}, posts the receive of segment
 * {@code j+1} and then reduces segment {@code j}, so sending, receiving and reducing overlap. Lock
 * step also bounds what a neighbour must buffer: a rank can only be blocked sending to a neighbour
 * that is strictly behind it, so no cycle of blocked ranks (a hang) can form however large the
 * buffer. Each chunk accumulates in ring order starting at its owner's right neighbour, which
 * fixes the reduction order. Temporaries: two segments of {@link Scratch}.
 */
public final class RingReduceScatter {
    private final Communicator comm;
    private final ReservedChannel net;
    private final Scratch scratch;
    private final int segmentBytes;
    private final PendingSends sends = new PendingSends();

    public RingReduceScatter(Communicator comm, Scratch scratch, int segmentBytes) {
        if (segmentBytes < 8) {
            throw new IllegalArgumentException("segment size must be at least 8 bytes, got " + segmentBytes);
        }
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
        this.scratch = scratch;
        this.segmentBytes = segmentBytes;
    }

    public void reduceScatter(Object buf, int off, int count, ElementType type, ReduceOp op) {
        int n = comm.size();
        if (n == 1 || count == 0) {
            return;
        }
        int r = comm.rank();
        int right = Chunks.mod(r + 1, n);
        int left = Chunks.mod(r - 1, n);
        int seg = Math.max(1, segmentBytes / type.size());
        Object tmp = scratch.get(type, 2 * seg);
        for (int s = 0; s < n - 1; s++) {
            int out = off + Chunks.start(count, n, Chunks.mod(r - s - 1, n));
            int outLen = Chunks.size(count, n, Chunks.mod(r - s - 1, n));
            int in = off + Chunks.start(count, n, Chunks.mod(r - s - 2, n));
            int inLen = Chunks.size(count, n, Chunks.mod(r - s - 2, n));
            int inSegments = Chunks.segments(inLen, seg);
            int steps = Math.max(inSegments, Chunks.segments(outLen, seg));
            Request next = inSegments == 0 ? null : net.irecv(left, Tags.REDUCE_SCATTER, tmp, 0, Math.min(seg, inLen));
            for (int j = 0; j < steps; j++) {
                if (j * seg < outLen) {
                    sends.add(net.isend(right, Tags.REDUCE_SCATTER, buf, out + j * seg, Math.min(seg, outLen - j * seg)));
                }
                if (j >= inSegments) {
                    continue;
                }
                Request current = next;
                if (j + 1 < inSegments) {
                    next = net.irecv(left, Tags.REDUCE_SCATTER, tmp, ((j + 1) & 1) * seg, Math.min(seg, inLen - (j + 1) * seg));
                }
                current.await();
                current.release();
                op.apply(buf, in + j * seg, tmp, (j & 1) * seg, Math.min(seg, inLen - j * seg), type);
            }
            // the chunk sent in step s+1 is the one reduced in step s; its segments must have left
            // before the next step reduces into another chunk, which they never touch, so only the
            // final wait is needed
        }
        sends.awaitAll();
    }
}
