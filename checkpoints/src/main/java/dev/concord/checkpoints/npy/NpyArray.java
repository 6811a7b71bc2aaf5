package dev.concord.checkpoints.npy;

import java.util.Arrays;

/**
 * One named-less NumPy array: a shape and a primitive Java array holding the elements in C order.
 * The element type follows from the array: {@code double[]} is {@code <f8}, {@code long[]} is
 * {@code <i8}, {@code int[]} is {@code <i4}, {@code byte[]} is {@code |u1}.
 */
public final class NpyArray {
    private final Object data;
    private final long[] shape;

    private NpyArray(Object data, long[] shape) {
        NpyDtype.of(data);
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= s;
        }
        int len = java.lang.reflect.Array.getLength(data);
        if (n != len) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the array has " + len);
        }
        this.data = data;
        this.shape = shape.clone();
    }

    /** An array of the given shape over {@code data} (not copied). */
    public static NpyArray of(Object data, long... shape) {
        return new NpyArray(data, shape);
    }

    /** A one-dimensional array over all of {@code data}. */
    public static NpyArray vector(Object data) {
        return new NpyArray(data, new long[] {java.lang.reflect.Array.getLength(data)});
    }

    /** The elements in C order; {@code double[]}, {@code long[]}, {@code int[]} or {@code byte[]}. */
    public Object data() {
        return data;
    }

    public long[] shape() {
        return shape.clone();
    }

    public NpyDtype dtype() {
        return NpyDtype.of(data);
    }

    /** The elements as {@code double[]}; throws if they are of another type. */
    public double[] doubles() {
        return cast(double[].class);
    }

    public long[] longs() {
        return cast(long[].class);
    }

    public int[] ints() {
        return cast(int[].class);
    }

    public byte[] bytes() {
        return cast(byte[].class);
    }

    private <T> T cast(Class<T> type) {
        if (!type.isInstance(data)) {
            throw new IllegalStateException("array is " + dtype().descr() + ", not " + type.getSimpleName());
        }
        return type.cast(data);
    }
}
