package dev.concord.collectives;

import dev.concord.runtime.ElementType;

/**
 * An associative, commutative element-wise operation: {@code acc[i] = op(acc[i], in[i])}. Typed
 * loops, no boxing. {@link #SUM}, {@link #PROD}, {@link #MAX} and {@link #MIN} are built in;
 * user operations extend this class and override the element types they support.
 */
public abstract class ReduceOp {
    public static final ReduceOp SUM = new ReduceOp("sum") {
        @Override
        public void apply(double[] acc, int ao, double[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] += in[io + i];
            }
        }

        @Override
        public void apply(float[] acc, int ao, float[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] += in[io + i];
            }
        }

        @Override
        public void apply(long[] acc, int ao, long[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] += in[io + i];
            }
        }

        @Override
        public void apply(int[] acc, int ao, int[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] += in[io + i];
            }
        }
    };

    public static final ReduceOp PROD = new ReduceOp("prod") {
        @Override
        public void apply(double[] acc, int ao, double[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] *= in[io + i];
            }
        }

        @Override
        public void apply(float[] acc, int ao, float[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] *= in[io + i];
            }
        }

        @Override
        public void apply(long[] acc, int ao, long[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] *= in[io + i];
            }
        }

        @Override
        public void apply(int[] acc, int ao, int[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] *= in[io + i];
            }
        }
    };

    public static final ReduceOp MAX = new ReduceOp("max") {
        @Override
        public void apply(double[] acc, int ao, double[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.max(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(float[] acc, int ao, float[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.max(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(long[] acc, int ao, long[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.max(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(int[] acc, int ao, int[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.max(acc[ao + i], in[io + i]);
            }
        }
    };

    public static final ReduceOp MIN = new ReduceOp("min") {
        @Override
        public void apply(double[] acc, int ao, double[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.min(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(float[] acc, int ao, float[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.min(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(long[] acc, int ao, long[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.min(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(int[] acc, int ao, int[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = Math.min(acc[ao + i], in[io + i]);
            }
        }
    };

    private final String name;

    protected ReduceOp(String name) {
        this.name = name;
    }

    /** Name, used in mismatch reports and the wire header. */
    public final String name() {
        return name;
    }

    public void apply(double[] acc, int ao, double[] in, int io, int n) {
        throw unsupported(ElementType.DOUBLE);
    }

    public void apply(float[] acc, int ao, float[] in, int io, int n) {
        throw unsupported(ElementType.FLOAT);
    }

    public void apply(long[] acc, int ao, long[] in, int io, int n) {
        throw unsupported(ElementType.LONG);
    }

    public void apply(int[] acc, int ao, int[] in, int io, int n) {
        throw unsupported(ElementType.INT);
    }

    /** {@code acc[ao..ao+n) = op(acc, in[io..io+n))} for arrays of {@code type}. */
    public final void apply(Object acc, int ao, Object in, int io, int n, ElementType type) {
        switch (type) {
            case DOUBLE: apply((double[]) acc, ao, (double[]) in, io, n); break;
            case FLOAT: apply((float[]) acc, ao, (float[]) in, io, n); break;
            case LONG: apply((long[]) acc, ao, (long[]) in, io, n); break;
            case INT: apply((int[]) acc, ao, (int[]) in, io, n); break;
            default: throw unsupported(type);
        }
    }

    private UnsupportedOperationException unsupported(ElementType type) {
        return new UnsupportedOperationException("reduce op '" + name + "' does not support " + type);
    }

    @Override
    public String toString() {
        return name;
    }
}
