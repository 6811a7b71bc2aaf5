package dev.concord.models.logreg;

import dev.concord.models.train.ModelState;
import dev.concord.models.train.Step;

/**
 * Limited-memory BFGS (two-loop recursion, {@code memory} correction pairs, initial Hessian scaled
 * by {@code s'y / y'y}) with a strong-Wolfe line search, in reverse-communication style: the
 * caller evaluates f and its gradient at {@link #point()} and reports them to {@link #tell}. Each
 * accepted step is one iteration. It converges when {@code max|g| <= tol * max(1, |f|)}, and stops
 * (reporting convergence) when the line search can make no more progress, which happens at the
 * limit of floating-point precision. Pure arithmetic on its own arrays: identical inputs give
 * bitwise-identical iterates on every rank. Does not allocate after construction.
 */
final class Lbfgs {
    private final int n;
    private final int memory;
    private final double tol;
    private final double[] x;
    private final double[] g;
    private final double[] d;
    private final double[] trial;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] a;
    private final WolfeLineSearch search = new WolfeLineSearch();
    private double f = Double.NaN;
    private int stored;
    private int newest = -1;
    private boolean started;
    private boolean stalled;

    Lbfgs(double[] x0, int memory, double tol) {
        this.n = x0.length;
        this.memory = memory;
        this.tol = tol;
        this.x = x0.clone();
        this.trial = x0.clone();
        this.g = new double[n];
        this.d = new double[n];
        this.s = new double[memory][n];
        this.y = new double[memory][n];
        this.rho = new double[memory];
        this.a = new double[memory];
    }

    /** Where f and its gradient are wanted next. */
    double[] point() {
        return trial;
    }

    /** The current (accepted) iterate. */
    double[] x() {
        return x;
    }

    /** f at {@link #x()}. */
    double f() {
        return f;
    }

    /** Largest absolute gradient entry at {@link #x()}. */
    double maxAbsGradient() {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(g[i]));
        }
        return m;
    }

    /** Whether the last stop was the line search failing to make progress. */
    boolean stalled() {
        return stalled;
    }

    /** Adds the optimiser's whole state (iterate, gradient, direction, memory, line search) to {@code out}. */
    void save(ModelState out) {
        double[] sFlat = new double[memory * n];
        double[] yFlat = new double[memory * n];
        for (int j = 0; j < memory; j++) {
            System.arraycopy(s[j], 0, sFlat, j * n, n);
            System.arraycopy(y[j], 0, yFlat, j * n, n);
        }
        out.put("lbfgs_x", x, n).put("lbfgs_g", g, n).put("lbfgs_d", d, n).put("lbfgs_trial", trial, n)
                .put("lbfgs_s", sFlat, memory, n).put("lbfgs_y", yFlat, memory, n).put("lbfgs_rho", rho, memory)
                .putScalars("lbfgs_f", f).put("lbfgs_counters", stored, newest, started ? 1 : 0, stalled ? 1 : 0)
                .putScalars("line_search", search.save());
    }

    /** Restores a {@link #save}d state of an optimiser of the same size and memory. */
    void load(ModelState in) {
        in.copyInto("lbfgs_x", x);
        in.copyInto("lbfgs_g", g);
        in.copyInto("lbfgs_d", d);
        in.copyInto("lbfgs_trial", trial);
        in.copyInto("lbfgs_rho", rho);
        double[] sFlat = in.doubles("lbfgs_s");
        double[] yFlat = in.doubles("lbfgs_y");
        if (sFlat.length != memory * n || yFlat.length != memory * n) {
            throw new IllegalArgumentException("L-BFGS memory of " + sFlat.length + " values does not fit " + memory
                    + " x " + n);
        }
        for (int j = 0; j < memory; j++) {
            System.arraycopy(sFlat, j * n, s[j], 0, n);
            System.arraycopy(yFlat, j * n, y[j], 0, n);
        }
        f = in.doubles("lbfgs_f")[0];
        long[] c = in.longs("lbfgs_counters");
        stored = (int) c[0];
        newest = (int) c[1];
        started = c[2] != 0;
        stalled = c[3] != 0;
        search.load(in.doubles("line_search"));
    }

    /** Reports f and its gradient ({@code grad[off, off+n)}) at {@link #point()}. */
    Step tell(double fValue, double[] grad, int off) {
        if (!started) {
            started = true;
            f = fValue;
            System.arraycopy(grad, off, g, 0, n);
            if (!Double.isFinite(f) || !Double.isFinite(dot(g, g))) {
                // the first step would be 1/|g| = 0 and the line search would "stall" at the start
                // point, which would then be reported as converged: a silent wrong result
                throw new IllegalArgumentException("L-BFGS cannot start: at the initial point J = " + f
                        + " and the largest gradient entry is " + maxAbsGradient() + ", beyond double precision "
                        + "(the squared gradient norm overflows); lower --C or scale the features down (--feature-scale)");
            }
            return converged() ? Step.CONVERGED : beginIteration(true);
        }
        double dg = 0;
        for (int i = 0; i < n; i++) {
            dg += grad[off + i] * d[i];
        }
        switch (search.next(fValue, dg)) {
            case TRY:
                moveTrial(search.alpha());
                return Step.CONTINUE;
            case FAILED:
                if (stored > 0) {
                    // The quasi-Newton model may be stale: retry once along -g before giving up.
                    stored = 0;
                    newest = -1;
                    beginIteration(true);
                    return Step.CONTINUE;
                }
                stalled = true;
                System.arraycopy(x, 0, trial, 0, n);
                return Step.CONVERGED;
            default:
                accept(fValue, grad, off);
                return converged() ? Step.CONVERGED : beginIteration(false);
        }
    }

    private void accept(double fValue, double[] grad, int off) {
        newest = (newest + 1) % memory;
        double[] sk = s[newest];
        double[] yk = y[newest];
        double sy = 0;
        for (int i = 0; i < n; i++) {
            sk[i] = trial[i] - x[i];
            yk[i] = grad[off + i] - g[i];
            sy += sk[i] * yk[i];
        }
        if (sy > 1e-300) {
            rho[newest] = 1.0 / sy;
            stored = Math.min(stored + 1, memory);
        } else {
            newest = (newest - 1 + memory) % memory;
        }
        System.arraycopy(trial, 0, x, 0, n);
        System.arraycopy(grad, off, g, 0, n);
        f = fValue;
    }

    private boolean converged() {
        return maxAbsGradient() <= tol * Math.max(1.0, Math.abs(f));
    }

    private Step beginIteration(boolean initial) {
        boolean first = initial;
        direction();
        double dg0 = dot(g, d);
        if (!(dg0 < 0)) {
            stored = 0;
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            dg0 = dot(g, d);
            first = true;
        }
        double alpha0 = first ? Math.min(1.0, 1.0 / Math.sqrt(dot(g, g))) : 1.0;
        search.start(f, dg0, alpha0);
        moveTrial(alpha0);
        return initial ? Step.CONTINUE : Step.ITERATION;
    }

    /** d = -H g by the two-loop recursion over the stored pairs, newest first. */
    private void direction() {
        for (int i = 0; i < n; i++) {
            d[i] = -g[i];
        }
        for (int k = 0, j = newest; k < stored; k++, j = (j - 1 + memory) % memory) {
            a[j] = rho[j] * dot(s[j], d);
            axpy(-a[j], y[j], d);
        }
        if (stored > 0) {
            double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
        }
        int oldest = (newest - stored + 1 + memory) % memory;
        for (int k = 0, j = oldest; k < stored; k++, j = (j + 1) % memory) {
            double b = rho[j] * dot(y[j], d);
            axpy(a[j] - b, s[j], d);
        }
    }

    private void moveTrial(double alpha) {
        for (int i = 0; i < n; i++) {
            trial[i] = x[i] + alpha * d[i];
        }
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }

    private static void axpy(double alpha, double[] u, double[] v) {
        for (int i = 0; i < u.length; i++) {
            v[i] += alpha * u[i];
        }
    }
}
