package dev.concord.collectives;

import dev.concord.runtime.ElementType;

/**
 * Test inputs whose reductions are exact in every element type (small integers), with closed-form
 * expectations: {@code value(op, rank, i)} is what rank {@code rank} contributes at index {@code
 * i}, and {@link #expected} folds it over the ranks in exact long arithmetic.
 */
final class Values {
    /** A user op: the larger absolute value (ties: the positive one). Associative and commutative. */
    static final ReduceOp ABS_MAX = new ReduceOp("absmax") {
        @Override
        public void apply(double[] acc, int ao, double[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = pick(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(float[] acc, int ao, float[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = (float) pick(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(long[] acc, int ao, long[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = (long) pick(acc[ao + i], in[io + i]);
            }
        }

        @Override
        public void apply(int[] acc, int ao, int[] in, int io, int n) {
            for (int i = 0; i < n; i++) {
                acc[ao + i] = (int) pick(acc[ao + i], in[io + i]);
            }
        }
    };

    static final ReduceOp[] OPS = {ReduceOp.SUM, ReduceOp.PROD, ReduceOp.MAX, ReduceOp.MIN, ABS_MAX};
    static final ElementType[] TYPES = {ElementType.DOUBLE, ElementType.FLOAT, ElementType.LONG, ElementType.INT};
    /** Guard value written around the range a call may touch. */
    static final int GUARD = -777;

    private Values() {
    }

    static double pick(double a, double b) {
        double x = Math.abs(a);
        double y = Math.abs(b);
        return x > y ? a : y > x ? b : Math.max(a, b);
    }

    static long value(ReduceOp op, int rank, int i) {
        if (op == ReduceOp.SUM) {
            return Math.floorMod(rank * 7 + i * 3, 11) - 5;
        }
        if (op == ReduceOp.PROD) {
            return Math.floorMod(rank + i, 3) == 0 ? 2 : Math.floorMod(rank + 2 * i, 5) == 0 ? -1 : 1;
        }
        return Math.floorMod(rank * 31 + i * 17, 101) - 50;
    }

    static long expected(ReduceOp op, int n, int i) {
        long acc = value(op, 0, i);
        for (int r = 1; r < n; r++) {
            long v = value(op, r, i);
            if (op == ReduceOp.SUM) {
                acc += v;
            } else if (op == ReduceOp.PROD) {
                acc *= v;
            } else if (op == ReduceOp.MAX) {
                acc = Math.max(acc, v);
            } else if (op == ReduceOp.MIN) {
                acc = Math.min(acc, v);
            } else {
                acc = (long) pick(acc, v);
            }
        }
        return acc;
    }

    /** A buffer of {@code off + count + 2} elements: guards, then rank's values at {@code off..}. */
    static Object input(ElementType type, ReduceOp op, int rank, int off, int count) {
        Object buf = newArray(type, off + count + 2);
        for (int i = 0; i < off + count + 2; i++) {
            set(buf, i, GUARD);
        }
        for (int i = 0; i < count; i++) {
            set(buf, off + i, value(op, rank, i));
        }
        return buf;
    }

    /** Throws naming rank, index and values unless {@code buf[off..)} holds the expectation and guards are intact. */
    static void verify(Object buf, ReduceOp op, int n, int rank, int off, int count, String what) {
        for (int i = 0; i < off; i++) {
            checkGuard(buf, i, rank, what);
        }
        checkGuard(buf, off + count, rank, what);
        checkGuard(buf, off + count + 1, rank, what);
        for (int i = 0; i < count; i++) {
            long want = expected(op, n, i);
            double got = get(buf, off + i);
            if (got != want) {
                throw new AssertionError(what + ": rank " + rank + " index " + i + " holds " + got + ", expected " + want);
            }
        }
    }

    private static void checkGuard(Object buf, int i, int rank, String what) {
        if (get(buf, i) != GUARD) {
            throw new AssertionError(what + ": rank " + rank + " overwrote guard at " + i + " with " + get(buf, i));
        }
    }

    static Object newArray(ElementType type, int n) {
        return type.newArray(n);
    }

    static void set(Object buf, int i, long v) {
        if (buf instanceof double[]) {
            ((double[]) buf)[i] = v;
        } else if (buf instanceof float[]) {
            ((float[]) buf)[i] = v;
        } else if (buf instanceof long[]) {
            ((long[]) buf)[i] = v;
        } else if (buf instanceof int[]) {
            ((int[]) buf)[i] = (int) v;
        } else {
            ((byte[]) buf)[i] = (byte) v;
        }
    }

    static double get(Object buf, int i) {
        if (buf instanceof double[]) {
            return ((double[]) buf)[i];
        }
        if (buf instanceof float[]) {
            return ((float[]) buf)[i];
        }
        if (buf instanceof long[]) {
            return ((long[]) buf)[i];
        }
        if (buf instanceof int[]) {
            return ((int[]) buf)[i];
        }
        return ((byte[]) buf)[i];
    }
}
