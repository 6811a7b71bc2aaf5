package dev.concord.models.logreg;

import java.util.Locale;

/** Logistic regression solvers. */
public enum Solver {
    /** Full-batch L-BFGS: one AllReduce of loss and gradient per function evaluation. */
    LBFGS,
    /** Mini-batch SGD with a gradient AllReduce every step. */
    SGD,
    /** Local SGD: ranks step on their own copies and average the models every k steps. */
    LOCAL_SGD;

    /** {@code lbfgs}, {@code sgd} or {@code local-sgd}. */
    public static Solver parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "lbfgs":
                return LBFGS;
            case "sgd":
                return SGD;
            case "local-sgd":
                return LOCAL_SGD;
            default:
                throw new IllegalArgumentException("unknown --solver '" + s + "' (lbfgs, sgd, local-sgd)");
        }
    }
}
