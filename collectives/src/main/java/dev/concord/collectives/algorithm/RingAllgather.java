package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.Request;

/**
 * Ring allgather, in place: before the call the rank at ring position {@code v = rank - shift
 * (mod size)} holds chunk {@code v} ({@link Chunks} of {@code count} over the world) of the
 * buffer; afterwards every rank holds all chunks. {@code shift} is 0 for a plain allgather and
 * the root for a scatter-then-allgather broadcast.
 *
 * <p>In step {@code s} a rank receives chunk {@code v-s-1} from its left neighbour straight into
 * place and forwards it, segment by segment, in step {@code s+1}. All receives of a step are
 * posted before the first is awaited, so arriving segments land in place without a copy.
 * {@code (size-1)/size} of the buffer crosses each link: bandwidth optimal.
 */
public final class RingAllgather {
    private final Communicator comm;
    private final int segmentBytes;
    private final PendingSends sends = new PendingSends();
    private Request[] receives = new Request[16];

    public RingAllgather(Communicator comm, int segmentBytes) {
        if (segmentBytes < 8) {
            throw new IllegalArgumentException("segment size must be at least 8 bytes, got " + segmentBytes);
        }
        this.comm = comm;
        this.segmentBytes = segmentBytes;
    }

    /** Allgather of the chunks of {@code buf[off..off+count)}; see the class comment for {@code shift}. */
    public void allgather(Object buf, int off, int count, int elementSize, int shift) {
        int n = comm.size();
        if (n == 1 || count == 0) {
            return;
        }
        int r = comm.rank();
        int v = Chunks.mod(r - shift, n);
        int right = Chunks.mod(r + 1, n);
        int left = Chunks.mod(r - 1, n);
        int seg = Math.max(1, segmentBytes / elementSize);
        int own = off + Chunks.start(count, n, v);
        int ownLen = Chunks.size(count, n, v);
        for (int done = 0; done < ownLen; done += seg) {
            sends.add(comm.isend(right, Tags.ALLGATHER, buf, own + done, Math.min(seg, ownLen - done)));
        }
        for (int s = 0; s < n - 1; s++) {
            int c = Chunks.mod(v - s - 1, n);
            int start = off + Chunks.start(count, n, c);
            int len = Chunks.size(count, n, c);
            int segments = Chunks.segments(len, seg);
            if (receives.length < segments) {
                receives = new Request[Math.max(segments, 2 * receives.length)];
            }
            for (int j = 0; j < segments; j++) {
                receives[j] = comm.irecv(left, Tags.ALLGATHER, buf, start + j * seg, Math.min(seg, len - j * seg));
            }
            for (int j = 0; j < segments; j++) {
                Request rq = receives[j];
                receives[j] = null;
                rq.await();
                rq.release();
                if (s < n - 2) {
                    sends.add(comm.isend(right, Tags.ALLGATHER, buf, start + j * seg, Math.min(seg, len - j * seg)));
                }
            }
        }
        sends.awaitAll();
    }
}
