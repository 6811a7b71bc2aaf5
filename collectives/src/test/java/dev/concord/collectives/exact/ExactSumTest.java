package dev.concord.collectives.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class ExactSumTest {
    private static final BigDecimal ULP_MIN = new BigDecimal(BigInteger.valueOf(5).pow(1074), 1074); // 2^-1074

    /** Random doubles with random signs, full mantissas and binary exponents spread over [-lo, hi]. */
    public static double[] wide(long seed, int n, int spread) {
        Random rnd = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double m = 1 + rnd.nextDouble();
            x[i] = (rnd.nextBoolean() ? -1 : 1) * Math.scalb(m, rnd.nextInt(2 * spread + 1) - spread);
        }
        return x;
    }

    /** The exactly rounded sum, computed independently with BigInteger / BigDecimal. */
    static double exactSum(double[] x, int from, int to, int stride, int phase) {
        BigInteger n = BigInteger.ZERO;
        for (int i = from; i < to; i++) {
            if (i % stride == phase) {
                n = n.add(fixed(x[i]));
            }
        }
        return toDouble(n);
    }

    /** {@code v * 2^1074} as an exact integer: the mantissa shifted by the exponent. */
    public static BigInteger fixed(double v) {
        if (v == 0) {
            return BigInteger.ZERO;
        }
        int e = Math.getExponent(v);
        long m;
        int shift;
        if (e < Double.MIN_EXPONENT) {
            m = (long) Math.scalb(Math.abs(v), 1074);
            shift = 0;
        } else {
            m = (long) Math.scalb(Math.abs(v), 52 - e);
            shift = e - 52 + 1074;
        }
        BigInteger n = BigInteger.valueOf(m).shiftLeft(shift);
        return v < 0 ? n.negate() : n;
    }

    /** {@code n * 2^-1074}, correctly rounded by BigDecimal. */
    public static double toDouble(BigInteger n) {
        return new BigDecimal(n).multiply(ULP_MIN).doubleValue();
    }

    @Test
    void shouldRoundWideRangeSumsExactly() {
        for (int spread : new int[] {10, 60, 300, 1000}) {
            double[] x = wide(spread, 20_000, spread);
            ExactSum s = new ExactSum(1);
            for (double v : x) {
                s.add(0, v);
            }
            assertEquals(exactSum(x, 0, x.length, 1, 0), s.get(0), "spread " + spread);
        }
    }

    @Test
    void shouldHandleCancellationSubnormalsTiesAndExtremes() {
        double[][] cases = {
            {1e300, 1.0, -1e300},
            {Double.MIN_VALUE, Double.MIN_VALUE, -Double.MIN_NORMAL},
            {1.0, Math.ulp(1.0) / 2},                       // tie, rounds to even (1.0)
            {1.0 + Math.ulp(1.0), Math.ulp(1.0) / 2},       // tie, rounds to even (up)
            {1.0, Math.ulp(1.0) / 2, Double.MIN_VALUE},     // just above the tie
            {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE},
            {-3.5, -0.25, 0.0, -0.0},
            {Double.MAX_VALUE, Math.ulp(Double.MAX_VALUE) / 2},
        };
        for (double[] c : cases) {
            ExactSum s = new ExactSum(1);
            for (double v : c) {
                s.add(0, v);
            }
            assertEquals(exactSum(c, 0, c.length, 1, 0), s.get(0), java.util.Arrays.toString(c));
        }
    }

    @Test
    void shouldFollowIeeeForInfinitiesAndNaN() {
        ExactSum s = new ExactSum(3);
        s.add(0, Double.POSITIVE_INFINITY);
        s.add(0, 5);
        s.add(1, Double.POSITIVE_INFINITY);
        s.add(1, Double.NEGATIVE_INFINITY);
        s.add(2, Double.NaN);
        double[] out = new double[3];
        s.round(out, 0);
        assertEquals(Double.POSITIVE_INFINITY, out[0]);
        assertEquals(Double.NaN, out[1]);
        assertEquals(Double.NaN, out[2]);
    }

    @Test
    void shouldGiveSameBitsWhenPartialSumsAreCombinedInAnyGrouping() {
        double[] x = wide(7, 10_000, 400);
        ExactSum whole = new ExactSum(1);
        for (double v : x) {
            whole.add(0, v);
        }
        ExactSum a = new ExactSum(1);
        ExactSum b = new ExactSum(1);
        for (int i = 0; i < x.length; i++) {
            (i % 3 == 0 ? a : b).add(0, x[x.length - 1 - i]);
        }
        a.normalize();
        b.normalize();
        for (int k = 0; k < ExactSum.LIMBS; k++) {
            a.limbs()[k] += b.limbs()[k];
        }
        assertEquals(Double.doubleToRawLongBits(whole.get(0)), Double.doubleToRawLongBits(a.get(0)));
    }
}
