package dev.concord.models.logreg;

/**
 * A line search for the strong Wolfe conditions (Nocedal and Wright, Algorithms 3.5 and 3.6, with
 * safeguarded cubic interpolation in the zoom phase, and Hager and Zhang's approximate Wolfe test
 * when f is within rounding of its start), written in reverse-communication style: the
 * caller evaluates f and its directional derivative at {@link #alpha()} and reports them to
 * {@link #next}, which says whether to try another step, accept, or give up. That lets every
 * evaluation be one AllReduce of the training loop. Does not allocate.
 */
final class WolfeLineSearch {
    enum Status { TRY, DONE, FAILED }

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_EVALUATIONS = 40;
    private static final double MAX_STEP = 1e10;
    /** Relative change of f treated as rounding noise. */
    private static final double NOISE = 1e-13;

    private double f0;
    private double dg0;
    private double alpha;
    private double prevAlpha;
    private double prevF;
    private double prevDg;
    private boolean zooming;
    private double lo;
    private double fLo;
    private double dgLo;
    private double hi;
    private double fHi;
    private double dgHi;
    private int evaluations;

    /** Starts a search from f0 with directional derivative {@code dg0 < 0}, first trying {@code alpha0}. */
    void start(double f0, double dg0, double alpha0) {
        this.f0 = f0;
        this.dg0 = dg0;
        this.alpha = alpha0;
        this.prevAlpha = 0;
        this.prevF = f0;
        this.prevDg = dg0;
        this.zooming = false;
        this.evaluations = 0;
    }

    /** The whole search state, for checkpoints ({@link #load} restores it exactly). */
    double[] save() {
        return new double[] {f0, dg0, alpha, prevAlpha, prevF, prevDg, zooming ? 1 : 0, lo, fLo, dgLo, hi, fHi, dgHi,
            evaluations};
    }

    void load(double[] v) {
        if (v.length != 14) {
            throw new IllegalArgumentException("line search state has " + v.length + " values, expected 14");
        }
        f0 = v[0];
        dg0 = v[1];
        alpha = v[2];
        prevAlpha = v[3];
        prevF = v[4];
        prevDg = v[5];
        zooming = v[6] != 0;
        lo = v[7];
        fLo = v[8];
        dgLo = v[9];
        hi = v[10];
        fHi = v[11];
        dgHi = v[12];
        evaluations = (int) v[13];
    }

    /** The step to evaluate next (or the accepted one after DONE). */
    double alpha() {
        return alpha;
    }

    /** Reports f and its directional derivative at {@link #alpha()}. */
    Status next(double f, double dg) {
        evaluations++;
        if (!Double.isFinite(f)) {
            // Overshot into overflow: step back towards the last good point.
            hi = alpha;
            fHi = f;
            dgHi = dg;
            if (!zooming) {
                zooming = true;
                lo = prevAlpha;
                fLo = prevF;
                dgLo = prevDg;
            }
            alpha = lo + 0.5 * (hi - lo);
            return evaluations >= MAX_EVALUATIONS ? Status.FAILED : Status.TRY;
        }
        if (f <= f0 + NOISE * Math.abs(f0) && Math.abs(dg) <= -C2 * dg0) {
            // Near the optimum f differences drown in rounding; the curvature condition still holds
            // information (Hager and Zhang's approximate Wolfe conditions), so accept on it.
            return Status.DONE;
        }
        return zooming ? zoom(f, dg) : bracket(f, dg);
    }

    /**
     * Whether f is within rounding of f0, so that comparing f values says nothing and the search
     * must go by the sign of the derivative alone. Without this, the bracketing and zoom decisions
     * near the optimum follow the noise, the search fails, and where L-BFGS stops depends on the
     * summation order (the world size).
     */
    private boolean flat(double f) {
        return Math.abs(f - f0) <= NOISE * Math.abs(f0);
    }

    private Status bracket(double f, double dg) {
        if (!flat(f) && (f > f0 + C1 * alpha * dg0 || (evaluations > 1 && f >= prevF))) {
            return startZoom(prevAlpha, prevF, prevDg, alpha, f, dg);
        }
        if (Math.abs(dg) <= -C2 * dg0) {
            return Status.DONE;
        }
        if (dg >= 0) {
            return startZoom(alpha, f, dg, prevAlpha, prevF, prevDg);
        }
        if (evaluations >= MAX_EVALUATIONS || alpha >= MAX_STEP) {
            return Status.FAILED;
        }
        prevAlpha = alpha;
        prevF = f;
        prevDg = dg;
        alpha = Math.min(4 * alpha, MAX_STEP);
        return Status.TRY;
    }

    private Status startZoom(double aLo, double faLo, double dLo, double aHi, double faHi, double dHi) {
        zooming = true;
        lo = aLo;
        fLo = faLo;
        dgLo = dLo;
        hi = aHi;
        fHi = faHi;
        dgHi = dHi;
        return interpolate();
    }

    private Status zoom(double f, double dg) {
        if (!flat(f) && (f > f0 + C1 * alpha * dg0 || f >= fLo)) {
            hi = alpha;
            fHi = f;
            dgHi = dg;
        } else {
            if (Math.abs(dg) <= -C2 * dg0) {
                return Status.DONE;
            }
            if (dg * (hi - lo) >= 0) {
                hi = lo;
                fHi = fLo;
                dgHi = dgLo;
            }
            lo = alpha;
            fLo = f;
            dgLo = dg;
        }
        return interpolate();
    }

    private Status interpolate() {
        double width = Math.abs(hi - lo);
        if (evaluations >= MAX_EVALUATIONS || width <= 1e-15 * Math.max(1, Math.abs(lo))) {
            return Status.FAILED;
        }
        double a = cubicMinimum(lo, fLo, dgLo, hi, fHi, dgHi);
        double min = Math.min(lo, hi);
        double max = Math.max(lo, hi);
        if (!(a >= min + 0.1 * width && a <= max - 0.1 * width)) {
            a = 0.5 * (lo + hi);
        }
        alpha = a;
        return Status.TRY;
    }

    /** Minimiser of the cubic through (a, fa, da) and (b, fb, db); NaN if it has none. */
    static double cubicMinimum(double a, double fa, double da, double b, double fb, double db) {
        if (!Double.isFinite(fb) || !Double.isFinite(db)) {
            return Double.NaN;
        }
        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double disc = d1 * d1 - da * db;
        if (disc < 0) {
            return Double.NaN;
        }
        double d2 = Math.signum(b - a) * Math.sqrt(disc);
        return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
    }
}
