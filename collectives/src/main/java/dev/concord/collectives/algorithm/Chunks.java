package dev.concord.collectives.algorithm;

/**
 * Partition of {@code count} elements into {@code parts} contiguous chunks whose sizes differ by
 * at most one, the larger ones first: chunk {@code i} starts at {@code i*(count/parts) +
 * min(i, count%parts)}. Every algorithm that splits a buffer uses this one rule, so the chunk a
 * rank sends is exactly the chunk its peer expects.
 */
public final class Chunks {
    private Chunks() {
    }

    /** First element of chunk {@code i} ({@code i == parts} gives {@code count}). */
    public static int start(int count, int parts, int i) {
        if (parts <= 0 || i < 0 || i > parts || count < 0) {
            throw new IllegalArgumentException("chunk " + i + " of " + parts + " parts of " + count + " elements");
        }
        int base = count / parts;
        int extra = count % parts;
        return i * base + Math.min(i, extra);
    }

    /** Number of elements in chunk {@code i}. */
    public static int size(int count, int parts, int i) {
        return start(count, parts, i + 1) - start(count, parts, i);
    }

    /** Number of segments of at most {@code segment} elements that cover {@code n} elements. */
    public static int segments(int n, int segment) {
        if (segment <= 0) {
            throw new IllegalArgumentException("segment size must be positive, got " + segment);
        }
        return (n + segment - 1) / segment;
    }

    /** {@code (r mod n)} in {@code [0, n)} for any int {@code r}. */
    public static int mod(int r, int n) {
        int m = r % n;
        return m < 0 ? m + n : m;
    }
}
