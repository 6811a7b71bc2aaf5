package dev.concord.runtime;

import java.util.ArrayDeque;

/**
 * Direct buffers for unexpected messages, in power-of-two size classes, with a bound on the bytes
 * handed out. Not thread-safe: the {@link MatchingEngine} calls it under its lock.
 */
final class BlockPool {
    private static final int MIN_SHIFT = 6;
    private static final TypedBuffer EMPTY = new TypedBuffer(0);

    private final long limit;
    private final ArrayDeque<TypedBuffer>[] free;
    private long inUse;
    private long retained;

    @SuppressWarnings("unchecked")
    BlockPool(int eagerLimit, long limit) {
        this.limit = limit;
        int classes = shiftFor(eagerLimit) - MIN_SHIFT + 1;
        this.free = new ArrayDeque[classes];
        for (int i = 0; i < classes; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * A block of at least {@code bytes}, or null when handing it out would exceed the limit. A
     * message larger than any class (a large self-send) gets an exact block when nothing else is
     * buffered, so it is never refused forever.
     */
    TypedBuffer tryAcquire(long bytes) {
        if (bytes == 0) {
            return EMPTY;
        }
        int shift = shiftFor(bytes);
        int cls = shift - MIN_SHIFT;
        if (cls >= free.length) {
            long cap = (bytes + 7) & ~7L;
            if (inUse > 0 && inUse + cap > limit || cap > Integer.MAX_VALUE - 8) {
                return null;
            }
            inUse += cap;
            return new TypedBuffer((int) cap);
        }
        long size = 1L << shift;
        if (inUse + size > limit) {
            return null;
        }
        inUse += size;
        TypedBuffer b = free[cls].poll();
        if (b != null) {
            retained -= size;
            return b;
        }
        return new TypedBuffer((int) size);
    }

    void release(TypedBuffer b) {
        int cap = b.capacity();
        if (cap == 0) {
            return;
        }
        inUse -= cap;
        if (Integer.bitCount(cap) != 1 || cap < (1 << MIN_SHIFT)) {
            return;
        }
        int cls = Integer.numberOfTrailingZeros(cap) - MIN_SHIFT;
        if (cls < free.length && retained + inUse + cap <= limit) {
            free[cls].push(b);
            retained += cap;
        }
    }

    long inUse() {
        return inUse;
    }

    private static int shiftFor(long bytes) {
        int shift = 64 - Long.numberOfLeadingZeros(Math.max(1, bytes - 1));
        return Math.max(MIN_SHIFT, shift);
    }
}
