package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;
import dev.concord.runtime.Request;

/**
 * Ring reduce-scatter, in place: afterwards chunk {@code rank} ({@link Chunks} of {@code count}
 * over the world) of every rank's buffer holds the reduction of that chunk over all ranks; the
 * other chunks hold partial results.
 *
 * <p>In step {@code s} rank {@code r} receives chunk {@code r-s-2} from its left neighbour, adds
 * its own, and passes it on to the right in step {@code s+1}. Chunks move in segments of at most
 * {@code segmentBytes}: the receive of segment {@code j+1} is posted before segment {@code j} is
 * reduced, and each reduced segment is forwarded at once, so receiving, reducing and sending
 * overlap. Each chunk accumulates in ring order starting at its owner's right neighbour, which
 * fixes the reduction order. Temporaries: two segments of {@link Scratch}.
 */
public final class RingReduceScatter {
    private final Communicator comm;
    private final Scratch scratch;
    private final int segmentBytes;
    private final PendingSends sends = new PendingSends();

    public RingReduceScatter(Communicator comm, Scratch scratch, int segmentBytes) {
        if (segmentBytes < 8) {
            throw new IllegalArgumentException("segment size must be at least 8 bytes, got " + segmentBytes);
        }
        this.comm = comm;
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
        sendChunk(buf, off, count, Chunks.mod(r - 1, n), seg, right);
        for (int s = 0; s < n - 1; s++) {
            int c = Chunks.mod(r - s - 2, n);
            int start = off + Chunks.start(count, n, c);
            int len = Chunks.size(count, n, c);
            int segments = Chunks.segments(len, seg);
            boolean forward = s < n - 2;
            Request next = segments == 0 ? null : comm.irecv(left, Tags.REDUCE_SCATTER, tmp, 0, Math.min(seg, len));
            for (int j = 0; j < segments; j++) {
                Request current = next;
                if (j + 1 < segments) {
                    int nextLen = Math.min(seg, len - (j + 1) * seg);
                    next = comm.irecv(left, Tags.REDUCE_SCATTER, tmp, ((j + 1) & 1) * seg, nextLen);
                }
                current.await();
                current.release();
                int at = start + j * seg;
                int segLen = Math.min(seg, len - j * seg);
                op.apply(buf, at, tmp, (j & 1) * seg, segLen, type);
                if (forward) {
                    sends.add(comm.isend(right, Tags.REDUCE_SCATTER, buf, at, segLen));
                }
            }
        }
        sends.awaitAll();
    }

    private void sendChunk(Object buf, int off, int count, int c, int seg, int right) {
        int start = off + Chunks.start(count, comm.size(), c);
        int len = Chunks.size(count, comm.size(), c);
        for (int done = 0; done < len; done += seg) {
            sends.add(comm.isend(right, Tags.REDUCE_SCATTER, buf, start + done, Math.min(seg, len - done)));
        }
    }
}
