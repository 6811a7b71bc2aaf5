package dev.concord.collectives.exact;

/**
 * Exact sums of doubles, {@code width} of them side by side, as fixed-point integers: every
 * finite double is an integer multiple of {@code 2^-1074} below {@code 2^1024}, so a sum is an
 * integer {@code N} with {@code value = N * 2^-1074}, held as {@value #DIGITS} signed base-2^32
 * digits in {@code long}s (the headroom of each long absorbs carries, so adding a term touches
 * three digits and never loops). Three more counters per sum record +infinity, -infinity and NaN
 * terms. Integer addition is associative and commutative, so the limbs of partial sums can be
 * combined with a plain {@code long} SUM AllReduce by any algorithm in any order and still give
 * the same integers; {@link #round} then rounds each once, to nearest even. The result is the
 * exactly rounded sum of all terms (except that an all-negative-zero sum gives +0.0).
 *
 * <p><b>Cost.</b> {@value #LIMBS} longs (560 bytes) per sum instead of 8 bytes: an AllReduce in
 * reproducible mode moves 70x the bytes, plus a conversion pass of a few ns per element. Summing
 * a shard locally into one {@code ExactSum} and reducing only the limbs costs just the
 * conversion.
 *
 * <p>Not thread-safe. Allocation happens in the constructor only.
 */
public final class ExactSum {
    /** Base-2^32 digits per sum: 2098 bits of range plus 46 bits of carry headroom. */
    public static final int DIGITS = 67;
    /** Longs per sum: the digits and the +inf, -inf, NaN counters. */
    public static final int LIMBS = DIGITS + 3;
    private static final int POS_INF = DIGITS;
    private static final int NEG_INF = DIGITS + 1;
    private static final int NAN = DIGITS + 2;
    private static final long MASK = 0xFFFF_FFFFL;
    /** Adds between carry propagations: each add puts < 2^33 into a digit, a long holds 2^62. */
    private static final int ADDS_BEFORE_NORMALIZE = 1 << 28;

    private final int width;
    private final long[] limbs;
    private final long[] magnitude = new long[DIGITS];
    private int addsSinceNormalize;

    public ExactSum(int width) {
        if (width < 0 || (long) width * LIMBS > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("width " + width + " is outside [0, "
                    + (Integer.MAX_VALUE - 8) / LIMBS + "]");
        }
        this.width = width;
        this.limbs = new long[width * LIMBS];
    }

    /** Number of sums held. */
    public int width() {
        return width;
    }

    /** The limbs, {@link #LIMBS} per sum; combine two ExactSums by adding these element-wise. */
    public long[] limbs() {
        return limbs;
    }

    /** Sets every sum to zero. */
    public void clear() {
        java.util.Arrays.fill(limbs, 0L);
        addsSinceNormalize = 0;
    }

    /** Adds {@code x} to sum {@code i}, exactly. */
    public void add(int i, double x) {
        int base = i * LIMBS;
        long bits = Double.doubleToRawLongBits(x);
        int exp = (int) (bits >>> 52) & 0x7FF;
        long frac = bits & 0x000F_FFFF_FFFF_FFFFL;
        if (exp == 0x7FF) {
            limbs[base + (frac != 0 ? NAN : bits < 0 ? NEG_INF : POS_INF)]++;
            return;
        }
        if (exp == 0 && frac == 0) {
            return;
        }
        // value = m * 2^(s - 1074) with s = bit position of the ulp in N
        long m = exp == 0 ? frac : frac | (1L << 52);
        int s = exp == 0 ? 0 : exp - 1;
        int k = base + (s >>> 5);
        int shift = s & 31;
        long a = (m & MASK) << shift;
        long b = (m >>> 32) << shift;
        long d0 = a & MASK;
        long d1 = (a >>> 32) + (b & MASK);
        long d2 = b >>> 32;
        if (bits < 0) {
            limbs[k] -= d0;
            limbs[k + 1] -= d1;
            limbs[k + 2] -= d2;
        } else {
            limbs[k] += d0;
            limbs[k + 1] += d1;
            limbs[k + 2] += d2;
        }
        if (++addsSinceNormalize >= ADDS_BEFORE_NORMALIZE) {
            normalize();
        }
    }

    /** Adds {@code x[off+i]} to sum {@code i} for {@code i < n}. */
    public void addAll(double[] x, int off, int n) {
        if (n > width) {
            throw new IllegalArgumentException(n + " terms for " + width + " sums");
        }
        for (int i = 0; i < n; i++) {
            add(i, x[off + i]);
        }
    }

    /**
     * Propagates carries so that every digit but the top one is in {@code [0, 2^32)}. Does not
     * change the values; call it before handing the limbs to an AllReduce (so that any number of
     * ranks up to 2^30 can be added without overflow) and after.
     */
    public void normalize() {
        for (int i = 0; i < width; i++) {
            carry(limbs, i * LIMBS);
        }
        addsSinceNormalize = 0;
    }

    private static void carry(long[] digits, int base) {
        for (int k = 0; k < DIGITS - 1; k++) {
            long c = digits[base + k] >> 32;
            digits[base + k] -= c << 32;
            digits[base + k + 1] += c;
        }
    }

    /** Sum {@code i}, rounded to the nearest double (ties to even). */
    public double get(int i) {
        carry(limbs, i * LIMBS);
        return roundOne(i * LIMBS);
    }

    /** Writes every sum, rounded to the nearest double, to {@code out[off..off+width)}. */
    public void round(double[] out, int off) {
        normalize();
        for (int i = 0; i < width; i++) {
            out[off + i] = roundOne(i * LIMBS);
        }
    }

    private double roundOne(int base) {
        long nan = limbs[base + NAN];
        long posInf = limbs[base + POS_INF];
        long negInf = limbs[base + NEG_INF];
        if (nan != 0 || (posInf != 0 && negInf != 0)) {
            return Double.NaN;
        }
        if (posInf != 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (negInf != 0) {
            return Double.NEGATIVE_INFINITY;
        }
        boolean negative = limbs[base + DIGITS - 1] < 0;
        for (int k = 0; k < DIGITS; k++) {
            magnitude[k] = negative ? -limbs[base + k] : limbs[base + k];
        }
        if (negative) {
            carry(magnitude, 0);
        }
        double abs = roundMagnitude();
        return negative ? -abs : abs;
    }

    /** Rounds the non-negative normalized integer in {@code magnitude}, times 2^-1074, to a double. */
    private double roundMagnitude() {
        int t = DIGITS - 1;
        while (t >= 0 && magnitude[t] == 0) {
            t--;
        }
        if (t < 0) {
            return 0.0;
        }
        if (t <= 1) {
            long n = (magnitude[1] << 32) | magnitude[0];
            if (n >= 0 && n < (1L << 53)) {
                return Math.scalb((double) n, -1074); // exact: subnormal or small normal
            }
        }
        long hi = magnitude[t];
        long mid = t >= 1 ? magnitude[t - 1] : 0;
        long lo = t >= 2 ? magnitude[t - 2] : 0;
        int len = 64 - Long.numberOfLeadingZeros(hi); // 1..32 for a digit
        long top = (hi << (64 - len)) | (mid << (32 - len)) | (len == 32 ? 0 : lo >>> len);
        boolean sticky = (lo & ((1L << len) - 1)) != 0;
        for (int k = t - 3; k >= 0 && !sticky; k--) {
            sticky = magnitude[k] != 0;
        }
        long mantissa = top >>> 11;
        long rest = top & 0x7FF;
        if (rest > 0x400 || (rest == 0x400 && (sticky || (mantissa & 1) == 1))) {
            mantissa++;
        }
        int msb = 32 * t + len - 1; // bit index of the leading one in N
        return Math.scalb((double) mantissa, msb - 52 - 1074);
    }
}
