package dev.concord.collectives.algorithm;

import dev.concord.collectives.ReduceOp;
import dev.concord.runtime.Communicator;
import dev.concord.runtime.ElementType;

/**
 * Ring AllReduce: {@link RingReduceScatter} (rank {@code r} ends owning reduced chunk {@code r})
 * then {@link RingAllgather} of the reduced chunks. Both phases are segmented and pipelined, so
 * the cost approaches the bandwidth bound {@code 2(p-1)/p * n/B}; latency grows as
 * {@code 2(p-1)} messages, so it is the choice for large buffers. Every element is reduced by one
 * rank in ring order and then copied, so all ranks end bitwise identical.
 */
public final class RingAllreduce implements AllreduceAlgorithm {
    /** Segment size; to be measured by {@code concord bench} (256 KiB keeps segments eager). */
    public static final int SEGMENT_BYTES = 256 << 10;

    private final RingReduceScatter reduceScatter;
    private final RingAllgather allgather;

    public RingAllreduce(Communicator comm, Scratch scratch) {
        this(comm, scratch, SEGMENT_BYTES);
    }

    public RingAllreduce(Communicator comm, Scratch scratch, int segmentBytes) {
        this.reduceScatter = new RingReduceScatter(comm, scratch, segmentBytes);
        this.allgather = new RingAllgather(comm, segmentBytes);
    }

    @Override
    public void allreduce(Object buf, int off, int count, ElementType type, ReduceOp op) {
        reduceScatter.reduceScatter(buf, off, count, type, op);
        allgather.allgather(buf, off, count, type.size(), 0);
    }
}
