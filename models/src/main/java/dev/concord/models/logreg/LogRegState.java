package dev.concord.models.logreg;

import dev.concord.models.train.ModelState;
import java.util.Arrays;

/** Named arrays of a logistic regression: {@code coef} (m x d) and {@code intercept} (m). */
public final class LogRegState {
    private LogRegState() {
    }

    static ModelState of(LogisticKernel kernel, double[] p) {
        int m = kernel.weightRows();
        int d = kernel.features();
        return new ModelState()
                .put("coef", Arrays.copyOf(p, m * d), m, d)
                .put("intercept", Arrays.copyOfRange(p, m * d, m * d + m), m);
    }

    /** The parameter vector {@code [W, b]} from a state's arrays. */
    public static double[] parameters(ModelState state) {
        double[] w = state.get("coef").doubles();
        double[] b = state.get("intercept").doubles();
        double[] p = Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, p, w.length, b.length);
        return p;
    }
}
