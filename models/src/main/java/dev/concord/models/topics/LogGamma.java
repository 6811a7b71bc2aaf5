package dev.concord.models.topics;

/**
 * log Γ(x) for x &gt; 0: the argument is shifted to at least 10 by the recurrence
 * Γ(x + 1) = x Γ(x) and Stirling's series with four correction terms is applied there (absolute
 * error below 1e-13 in double arithmetic).
 */
final class LogGamma {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private LogGamma() {
    }

    static double of(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("log-gamma needs x > 0, got " + x);
        }
        double shift = 0;
        if (x < 10) {
            double prod = 1;
            while (x < 10) {
                prod *= x;
                x += 1;
            }
            shift = Math.log(prod);
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680))));
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
    }
}
