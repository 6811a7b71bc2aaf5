package dev.concord.collectives.algorithm;

import dev.concord.runtime.Communicator;
import dev.concord.runtime.Request;
import dev.concord.runtime.ReservedChannel;

/**
 * Ring allgather, in place: before the call the rank at ring position {@code v = rank - shift
 * (mod size)} holds chunk {@code v} ({@link Chunks} of {@code count} over the world) of the
 * buffer; afterwards every rank holds all chunks. {@code shift} is 0 for a plain allgather and
 * the root for a scatter-then-allgather broadcast.
 *
 * <p>In step {@code s} a rank sends chunk {@code v-s} to its right neighbour and receives chunk
 * {@code v-s-1} from its left straight into place; it sends that one in step {@code s+1}. All
 * receives of a step are posted before its first send, so arriving segments land in place
 * without a copy, and sends go out segment by segment in lock step with the receives, so a rank
 * is only ever blocked sending to a neighbour that is behind it (no cycle of blocked ranks).
 * {@code (size-1)/size} of the buffer crosses each link: bandwidth optimal.
 */
public final class RingAllgather {
    private final Communicator comm;
    private final ReservedChannel net;
    private final int segmentBytes;
    private final PendingSends sends = new PendingSends();
    private Request[] receives = new Request[16];

    public RingAllgather(Communicator comm, int segmentBytes) {
        if (segmentBytes < 8) {
            throw new IllegalArgumentException("segment size must be at least 8 bytes, got " + segmentBytes);
        }
        this.comm = comm;
        this.net = ReservedChannel.of(comm);
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
        for (int s = 0; s < n - 1; s++) {
            int out = off + Chunks.start(count, n, Chunks.mod(v - s, n));
            int outLen = Chunks.size(count, n, Chunks.mod(v - s, n));
            int in = off + Chunks.start(count, n, Chunks.mod(v - s - 1, n));
            int inLen = Chunks.size(count, n, Chunks.mod(v - s - 1, n));
            int inSegments = Chunks.segments(inLen, seg);
            if (receives.length < inSegments) {
                receives = new Request[Math.max(inSegments, 2 * receives.length)];
            }
            for (int j = 0; j < inSegments; j++) {
                receives[j] = net.irecv(left, Tags.ALLGATHER, buf, in + j * seg, Math.min(seg, inLen - j * seg));
            }
            int steps = Math.max(inSegments, Chunks.segments(outLen, seg));
            for (int j = 0; j < steps; j++) {
                if (j * seg < outLen) {
                    sends.add(net.isend(right, Tags.ALLGATHER, buf, out + j * seg, Math.min(seg, outLen - j * seg)));
                }
                if (j < inSegments) {
                    Request rq = receives[j];
                    receives[j] = null;
                    rq.await();
                    rq.release();
                }
            }
        }
        sends.awaitAll();
    }
}
