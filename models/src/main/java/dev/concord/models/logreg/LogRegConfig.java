package dev.concord.models.logreg;

/**
 * Settings of a logistic regression fit.
 *
 * @param c             inverse regularisation strength C of {@code J = C * sum loss + 0.5 ||W||^2}
 * @param tol           L-BFGS: stop when {@code max|grad J| <= tol * max(1, |J|)}; SGD: unused
 * @param batchSize     SGD: global mini-batch size (split evenly over the ranks)
 * @param learningRate  SGD: step size on the per-sample objective {@code J / (C n)}
 * @param averageEvery  local SGD: local steps between model averages
 * @param seed          SGD: seed of the per-epoch shuffles
 */
public record LogRegConfig(double c, double tol, int batchSize, double learningRate, int averageEvery, long seed) {
    public LogRegConfig {
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("--C must be a positive finite number, got " + c);
        }
        if (!(tol >= 0)) {
            throw new IllegalArgumentException("--tol must be >= 0, got " + tol);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("--learning-rate must be > 0, got " + learningRate);
        }
        if (averageEvery < 1) {
            throw new IllegalArgumentException("--average-every must be >= 1, got " + averageEvery);
        }
    }

    /** L-BFGS settings with the given C and tolerance. */
    public static LogRegConfig lbfgs(double c, double tol) {
        return new LogRegConfig(c, tol, 256, 0.1, 1, 0);
    }
}
