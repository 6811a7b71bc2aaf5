package dev.concord.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * A direct little-endian byte buffer with typed views made once, so that copying between it and
 * primitive arrays neither allocates nor loops element by element. Byte indices passed to
 * {@link #put} and {@link #get} must be multiples of the element size (frames are 8-aligned).
 */
public final class TypedBuffer {
    private final ByteBuffer bytes;
    private final IntBuffer ints;
    private final LongBuffer longs;
    private final FloatBuffer floats;
    private final DoubleBuffer doubles;

    public TypedBuffer(int capacity) {
        this(ByteBuffer.allocateDirect(capacity));
    }

    public TypedBuffer(ByteBuffer buffer) {
        this.bytes = buffer.order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer whole = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
        this.ints = whole.asIntBuffer();
        this.longs = whole.asLongBuffer();
        this.floats = whole.asFloatBuffer();
        this.doubles = whole.asDoubleBuffer();
    }

    public ByteBuffer bytes() {
        return bytes;
    }

    public int capacity() {
        return bytes.capacity();
    }

    /** Copies {@code n} elements of {@code src} (array or ByteBuffer) from {@code off} to byte index {@code at}. */
    public void put(int at, Object src, ElementType type, int off, int n) {
        switch (type) {
            case DOUBLE: doubles.put(at >> 3, (double[]) src, off, n); break;
            case LONG: longs.put(at >> 3, (long[]) src, off, n); break;
            case FLOAT: floats.put(at >> 2, (float[]) src, off, n); break;
            case INT: ints.put(at >> 2, (int[]) src, off, n); break;
            default:
                if (src instanceof byte[]) {
                    bytes.put(at, (byte[]) src, off, n);
                } else {
                    bytes.put(at, (ByteBuffer) src, off, n);
                }
        }
    }

    /** Copies {@code n} elements from byte index {@code at} into {@code dst} (array or ByteBuffer) at {@code off}. */
    public void get(int at, Object dst, ElementType type, int off, int n) {
        switch (type) {
            case DOUBLE: doubles.get(at >> 3, (double[]) dst, off, n); break;
            case LONG: longs.get(at >> 3, (long[]) dst, off, n); break;
            case FLOAT: floats.get(at >> 2, (float[]) dst, off, n); break;
            case INT: ints.get(at >> 2, (int[]) dst, off, n); break;
            default:
                if (dst instanceof byte[]) {
                    bytes.get(at, (byte[]) dst, off, n);
                } else {
                    ((ByteBuffer) dst).put(off, bytes, at, n);
                }
        }
    }

    /** Copies {@code n} elements between two user buffers of the same type. */
    public static void copy(Object src, int srcOff, Object dst, int dstOff, int n, ElementType type) {
        if (type != ElementType.BYTE || (src instanceof byte[] && dst instanceof byte[])) {
            System.arraycopy(src, srcOff, dst, dstOff, n);
        } else if (src instanceof byte[]) {
            ((ByteBuffer) dst).put(dstOff, (byte[]) src, srcOff, n);
        } else if (dst instanceof byte[]) {
            ((ByteBuffer) src).get(srcOff, (byte[]) dst, dstOff, n);
        } else {
            ((ByteBuffer) dst).put(dstOff, (ByteBuffer) src, srcOff, n);
        }
    }
}
