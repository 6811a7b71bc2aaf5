package dev.concord.runtime.shm;

import dev.concord.runtime.ElementType;
import dev.concord.runtime.TypedBuffer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One direction of a shared-memory pair: a single-producer/single-consumer byte ring inside a
 * mapped segment. Each process holds its own instance and uses only its side of it.
 *
 * <pre>
 *   0        128      256      384                 512                      512 + capacity
 *   +--------+--------+--------+-------------------+------------------------+
 *   | tail   | head   | beat   | asleep, wantsRoom | data (capacity bytes)  |
 *   +--------+--------+--------+-------------------+------------------------+
 * </pre>
 *
 * {@code tail} (bytes ever published) and {@code beat} (a liveness counter) are written only by
 * the producer, {@code head} (bytes ever consumed) only by the consumer, each on its own 128-byte
 * line so the two sides do not false-share. The producer copies a whole frame into the data area
 * and then publishes it by advancing {@code tail} with release semantics; the consumer reads
 * {@code tail} with acquire semantics, so a frame it sees is complete, and releases the space by
 * advancing {@code head} the same way. Positions grow without wrapping (2^63 bytes); the data
 * index is {@code position & (capacity - 1)}. Frames start 8-aligned and capacity is a power of
 * two, so typed copies split at the end of the ring only at element boundaries.
 *
 * <p>{@code asleep} is 1 while the consumer's progress thread is about to block in the kernel
 * waiting for a doorbell. The consumer sets it and then looks at {@code tail}; the producer
 * advances {@code tail} and then looks at {@code asleep} (both with volatile, i.e. sequentially
 * consistent, accesses), so at least one of them sees the other and no wake-up is lost. The
 * producer that sees it clears it (compare-and-set), so one doorbell serves each sleep. {@code
 * wantsRoom} (at 448) is the same in the other direction: 1 while the producer's progress thread
 * sleeps waiting for room, cleared by the consumer that frees some and rings back.
 */
final class ShmRing {
    static final int TAIL = 0;
    static final int HEAD = 128;
    static final int BEAT = 256;
    static final int ASLEEP = 384;
    static final int WANTS_ROOM = 448;
    static final int HEADER = 512;

    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ByteBuffer segment;
    private final int base;
    private final TypedBuffer data;
    private final int capacity;
    private final int mask;
    /** The producer's tail or the consumer's head: the side this instance plays owns it. */
    private long position;
    /** The other side's counter as last read. */
    private long other;
    private long beat;

    ShmRing(ByteBuffer segment, int base, int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 4096) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 4096, got " + capacity);
        }
        this.segment = segment;
        this.base = base;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.data = new TypedBuffer(segment.slice(base + HEADER, capacity));
    }

    /** Bytes a ring of {@code capacity} occupies in a segment. */
    static long footprint(int capacity) {
        return HEADER + (long) capacity;
    }

    int capacity() {
        return capacity;
    }

    // ---------------------------------------------------------------- producer side

    /** Bytes the producer may write now. */
    int room() {
        long free = capacity - (position - other);
        if (free < capacity) {
            other = (long) LONG.getAcquire(segment, base + HEAD);
            free = capacity - (position - other);
        }
        return (int) free;
    }

    /**
     * The producer is about to sleep waiting for room ({@code true}) or awake again. Returns
     * whether at least {@code bytes} are free already (then it must not sleep).
     */
    boolean wantsRoom(boolean wants, int bytes) {
        LONG.setVolatile(segment, base + WANTS_ROOM, wants ? 1L : 0L);
        other = (long) LONG.getVolatile(segment, base + HEAD);
        return capacity - (position - other) >= bytes;
    }

    /** Writes {@code n} elements of {@code src} from {@code off} at {@code at} bytes past the tail. */
    void put(int at, Object src, ElementType type, int off, int n) {
        int size = type.size();
        int i = (int) ((position + at) & mask);
        int first = Math.min(n, (capacity - i) / size);
        data.put(i, src, type, off, first);
        if (first < n) {
            data.put(0, src, type, off + first, n - first);
        }
    }

    /** Writes the 24-byte frame header in {@code header} at the tail. */
    void putHeader(ByteBuffer header) {
        for (int k = 0; k < 24; k += 8) {
            data.bytes().putLong((int) ((position + k) & mask), header.getLong(k));
        }
    }

    /**
     * Publishes {@code bytes} written past the tail to the consumer; true if the consumer was
     * asleep and must now be woken (the caller rings its doorbell).
     */
    boolean publish(int bytes) {
        position += bytes;
        LONG.setVolatile(segment, base + TAIL, position);
        return (long) LONG.getVolatile(segment, base + ASLEEP) == 1
                && LONG.compareAndSet(segment, base + ASLEEP, 1L, 0L);
    }

    /** Advances the liveness counter (producer's process is alive and progressing). */
    void beat() {
        LONG.setRelease(segment, base + BEAT, ++beat);
    }

    // ---------------------------------------------------------------- consumer side

    /** Bytes of complete frames the consumer may read now. */
    int available() {
        other = (long) LONG.getAcquire(segment, base + TAIL);
        return (int) (other - position);
    }

    /** Reads the 24-byte frame header at the head into {@code header}. */
    void getHeader(ByteBuffer header) {
        for (int k = 0; k < 24; k += 8) {
            header.putLong(k, data.bytes().getLong((int) ((position + k) & mask)));
        }
    }

    /**
     * The consumer is about to sleep ({@code true}) or awake again. Returns whether frames are
     * waiting already (then it must not sleep).
     */
    boolean asleep(boolean asleep) {
        LONG.setVolatile(segment, base + ASLEEP, asleep ? 1L : 0L);
        return (long) LONG.getVolatile(segment, base + TAIL) != position;
    }

    /** Copies {@code n} elements at {@code at} bytes past the head into {@code dst} at {@code off}. */
    void get(int at, Object dst, ElementType type, int off, int n) {
        int size = type.size();
        int i = (int) ((position + at) & mask);
        int first = Math.min(n, (capacity - i) / size);
        data.get(i, dst, type, off, first);
        if (first < n) {
            data.get(0, dst, type, off + first, n - first);
        }
    }

    /** Copies {@code bytes} at {@code at} bytes past the head into {@code block} from its byte 0. */
    void get(int at, TypedBuffer block, int bytes) {
        int i = (int) ((position + at) & mask);
        int first = Math.min(bytes, capacity - i);
        block.bytes().put(0, data.bytes(), i, first);
        if (first < bytes) {
            block.bytes().put(first, data.bytes(), 0, bytes - first);
        }
    }

    /**
     * Releases {@code bytes} at the head to the producer; true if the producer sleeps waiting for
     * room and must now be woken (the caller rings its doorbell).
     */
    boolean consume(int bytes) {
        position += bytes;
        LONG.setVolatile(segment, base + HEAD, position);
        return (long) LONG.getVolatile(segment, base + WANTS_ROOM) == 1
                && LONG.compareAndSet(segment, base + WANTS_ROOM, 1L, 0L);
    }

    /** The producer's liveness counter. */
    long peerBeat() {
        return (long) LONG.getAcquire(segment, base + BEAT);
    }
}
